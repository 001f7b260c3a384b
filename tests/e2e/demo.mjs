// `make demo`. Starts the CRM sandbox with the bilingual demo data and runs Callbrief on a
// separate profile (target/demo/data) connected to it through Settings, the same path a
// user takes with a real HubSpot token.
//   --headless (no display): drives the real window under Xvfb over WebDriver, saves
//     target/demo/settings.png and target/demo/briefing.png, exits 0.
//   otherwise: opens the app for you and prints the sandbox token to paste in Settings.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { appBinary, launchApp, repoRoot, screenshot, waitForShell } from './lib/app.mjs';
import { startSandbox } from './lib/sandbox.mjs';
import { connectCrm } from './lib/ui.mjs';

const outDir = join(repoRoot, 'target/demo');
const dataDir = join(outDir, 'data');
const headless = process.argv.includes('--headless');
rmSync(dataDir, { recursive: true, force: true });

const sandbox = await startSandbox({ seed: 'demo' });
const env = { CALLBRIEF_HUBSPOT_BASE_URL: sandbox.hubspot.base_url };
try {
  if (headless) await walkThrough();
  else await openForUser();
} finally {
  await sandbox.stop();
}

async function walkThrough() {
  const app = await launchApp({ dataDir, env });
  try {
    const { browser } = app;
    await waitForShell(browser);
    await connectCrm(browser, sandbox.hubspot.token);
    await save(browser, 'settings');

    await browser.$('[data-testid="nav-briefing"]').click();
    await browser.$('[data-testid="briefing-freshness"][data-freshness="live"]').waitForDisplayed({ timeout: 30_000 });
    await save(browser, 'briefing');
  } finally {
    await app.close();
  }
}

async function save(browser, name) {
  const file = join(outDir, `${name}.png`);
  await screenshot(browser, file);
  console.log(`demo: saved ${file}`);
}

async function openForUser() {
  console.log('demo: CRM sandbox (HubSpot) at', sandbox.hubspot.base_url);
  console.log('demo: in Settings → CRM, paste this token:', sandbox.hubspot.token);
  const app = spawn(appBinary, ['--data-dir', dataDir], { stdio: 'inherit', env: { ...process.env, ...env } });
  await new Promise((resolve) => app.once('exit', resolve));
}
