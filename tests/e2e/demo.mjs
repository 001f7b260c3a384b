// The headless demo (`make demo` without a display): opens the real app under Xvfb and
// saves what a person would see. Later stages (live meeting, sync) extend this walk.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchApp, repoRoot, screenshot, waitForShell } from './lib/app.mjs';

const outDir = join(repoRoot, 'target/demo');
const dataDir = join(outDir, 'data');
rmSync(dataDir, { recursive: true, force: true });

const app = await launchApp({ dataDir });
try {
  await waitForShell(app.browser);
  const briefing = join(outDir, 'briefing.png');
  await screenshot(app.browser, briefing);
  console.log(`demo: saved ${briefing}`);
} finally {
  await app.close();
}
