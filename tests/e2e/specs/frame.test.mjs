// The real app window: it opens on the briefing, every view is reachable, a preference
// survives a restart (store + IPC + UI working together), and a screenshot is kept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freshDataDir, launchApp, repoRoot, screenshot, waitForShell } from '../lib/app.mjs';

const outDir = join(repoRoot, 'target/e2e');
const views = ['briefing', 'live', 'sync', 'settings'];

describe('app frame', () => {
  const dataDir = freshDataDir();
  let app;

  before(async () => {
    app = await launchApp({ dataDir });
    await waitForShell(app.browser);
  });
  after(async () => app?.close());

  test('opens on the briefing view with the navigation rail', async () => {
    const { browser } = app;
    assert.equal(await browser.getTitle(), 'Callbrief');
    for (const view of views) {
      assert.ok(await browser.$(`[data-testid="nav-${view}"]`).isDisplayed(), `nav-${view}`);
    }
    assert.ok(await browser.$('[data-testid="view-briefing"]').isDisplayed());
    await screenshot(browser, join(outDir, 'briefing.png'));
  });

  test('every view can be reached from the rail', async () => {
    const { browser } = app;
    for (const view of views) {
      await browser.$(`[data-testid="nav-${view}"]`).click();
      await browser.$(`[data-testid="view-${view}"]`).waitForDisplayed({ timeout: 5_000 });
      assert.equal(await browser.$(`[data-testid="nav-${view}"]`).getAttribute('aria-current'), 'page');
      await screenshot(browser, join(outDir, `${view}.png`));
    }
  });

  test('settings show where the data lives and the store is created there', async () => {
    const { browser } = app;
    await browser.$('[data-testid="nav-settings"]').click();
    const about = await browser.$('[data-testid="about-data-dir"]');
    await about.waitForDisplayed({ timeout: 5_000 });
    assert.equal(await about.getText(), dataDir);
    assert.ok(existsSync(join(dataDir, 'callbrief.sqlite3')), 'database created in --data-dir');
  });

  test('switching to Chinese applies at once and survives a restart', async () => {
    let { browser } = app;
    await browser.$('[data-testid="nav-settings"]').click();
    await browser.$('[data-testid="settings-locale"]').selectByAttribute('value', 'zh-CN');
    await browser.waitUntil(async () => (await browser.$('html').getAttribute('lang')) === 'zh-CN', {
      timeout: 5_000,
      timeoutMsg: 'the UI did not switch to zh-CN',
    });
    const chineseLabel = await browser.$('[data-testid="nav-briefing"]').getText();
    assert.match(chineseLabel, /[\u4e00-\u9fff]/, `nav label is Chinese: ${chineseLabel}`);

    await app.close();
    app = await launchApp({ dataDir });
    ({ browser } = app);
    await waitForShell(browser);
    assert.equal(await browser.$('html').getAttribute('lang'), 'zh-CN', 'language kept after restart');
    assert.equal(await browser.$('[data-testid="nav-briefing"]').getText(), chineseLabel);
    await screenshot(browser, join(outDir, 'briefing-zh-CN.png'));
  });
});
