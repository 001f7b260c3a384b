// The pre-call briefing in the real app against the CRM sandbox: the demo seed has a call
// a few minutes ahead. Connecting fires the pre-call notification (captured on the session
// bus, checked for private data), the briefing shows that customer's context, and it is
// served from the cache once the sandbox is gone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { freshDataDir, launchApp, repoRoot, screenshot, waitForShell } from '../lib/app.mjs';
import { watchNotifications } from '../lib/notifications.mjs';
import { startSandbox } from '../lib/sandbox.mjs';
import { connectCrm } from '../lib/ui.mjs';

const outDir = join(repoRoot, 'target/e2e');

describe('pre-call briefing (sandbox)', () => {
  const dataDir = freshDataDir();
  let sandbox;
  let app;
  let notifications;
  let company;

  before(async () => {
    sandbox = await startSandbox();
    notifications = await watchNotifications();
    app = await launchApp({ dataDir, env: { CALLBRIEF_HUBSPOT_BASE_URL: sandbox.hubspot.base_url } });
    await waitForShell(app.browser);
    await connectCrm(app.browser, sandbox.hubspot.token);
  });
  after(async () => {
    await app?.close();
    await notifications?.stop();
    await sandbox?.stop();
  });

  test('the next call is listed and its briefing opens with every section', async () => {
    const { browser } = app;
    await browser.$('[data-testid="nav-briefing"]').click();
    const first = await browser.$('[data-testid="upcoming-call"]');
    await first.waitForDisplayed({ timeout: 20_000 });
    const panel = await browser.$('[data-testid="briefing-freshness"][data-freshness="live"]');
    await panel.waitForDisplayed({ timeout: 20_000 });
    company = await browser.$('[data-testid="briefing-company"]').getText();
    assert.ok((await first.getText()).includes(company), 'the open briefing is the next call’s customer');
    for (const section of ['contacts', 'deals', 'notes', 'tasks']) {
      const items = await browser.$$(`[data-testid="briefing-${section}"] li`);
      assert.ok(items.length > 0, `${section} listed`);
    }
    await screenshot(browser, join(outDir, 'briefing-panel.png'));
  });

  test('a notification announced the call, naming only the customer and the time', async () => {
    // String arguments of Notify: app name, icon, summary, body.
    const [, , summary, body] = await notifications.waitFor((args) => args[0] === 'Callbrief', 20_000);
    assert.match(summary, /^Call with .+ in [1-5] min$/);
    assert.ok(summary.includes(company), `${summary} names ${company}`);
    const text = `${summary} ${body}`;
    assert.doesNotMatch(text, /[¥$€]|\d{3,}/, 'no amounts');
    assert.doesNotMatch(text, /–|review|评审|报价/i, 'no meeting title');
  });

  test('with the CRM gone, the briefing is served from the cache with an offline banner', async () => {
    const { browser } = app;
    await sandbox.stop();
    sandbox = null;
    const calls = await browser.$$('[data-testid="upcoming-call"]');
    // Open another call, then come back: the second opening comes from the cache.
    await calls[1].click();
    await calls[0].click();
    const banner = await browser.$('[data-testid="briefing-banner"][data-kind="offline"]');
    await banner.waitForDisplayed({ timeout: 30_000 });
    assert.equal(await browser.$('[data-testid="briefing-company"]').getText(), company);
    assert.notEqual(await browser.$('[data-testid="briefing-freshness"]').getAttribute('data-freshness'), 'live');
    await screenshot(browser, join(outDir, 'briefing-offline.png'));
  });
});
