// Settings → Connect HubSpot in the real app against the CRM sandbox: the token is checked
// live, kept in the OS keychain (the test session's Secret Service) and survives a restart;
// a wrong token is explained; Disconnect forgets it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freshDataDir, launchApp, repoRoot, screenshot, waitForShell } from '../lib/app.mjs';
import { startSandbox } from '../lib/sandbox.mjs';

const outDir = join(repoRoot, 'target/e2e');

async function crmState(browser, state) {
  const card = await browser.$(`[data-testid="crm-card"][data-state="${state}"]`);
  await card.waitForDisplayed({ timeout: 20_000, timeoutMsg: `CRM card never reached state ${state}` });
}

async function openSettings(browser) {
  await browser.$('[data-testid="nav-settings"]').click();
  await browser.$('[data-testid="crm-card"]').waitForDisplayed({ timeout: 5_000 });
}

describe('Settings → Connect HubSpot (sandbox)', () => {
  const dataDir = freshDataDir();
  let sandbox;
  let app;
  const launch = () =>
    launchApp({ dataDir, env: { CALLBRIEF_HUBSPOT_BASE_URL: sandbox.hubspot.base_url } });

  before(async () => {
    sandbox = await startSandbox();
    app = await launch();
    await waitForShell(app.browser);
  });
  after(async () => {
    await app?.close();
    await sandbox?.stop();
  });

  test('a wrong token is rejected with HubSpot’s message', async () => {
    const { browser } = app;
    await openSettings(browser);
    await crmState(browser, 'disconnected');
    await browser.$('[data-testid="crm-token"]').setValue('pat-na1-00000000-wrong');
    await browser.$('[data-testid="crm-connect"]').click();
    const error = await browser.$('[data-testid="crm-error"]');
    await error.waitForDisplayed({ timeout: 20_000 });
    assert.equal(await error.getAttribute('data-kind'), 'tokenRejected');
    await crmState(browser, 'disconnected');
  });

  test('the sandbox token connects and shows the account', async () => {
    const { browser } = app;
    const input = await browser.$('[data-testid="crm-token"]');
    await input.clearValue();
    await input.setValue(sandbox.hubspot.token);
    await browser.$('[data-testid="crm-connect"]').click();
    await crmState(browser, 'connected');
    const name = await browser.$('[data-testid="crm-account-name"]').getText();
    assert.ok(name.length > 0, 'account named');
    await screenshot(browser, join(outDir, 'settings-crm-connected.png'));
  });

  test('the token is in no file Callbrief wrote', async () => {
    for (const file of walk(dataDir)) {
      const text = readFileSync(file).toString('latin1');
      assert.ok(!text.includes(sandbox.hubspot.token), `token found in ${file}`);
    }
  });

  test('the connection survives a restart (token read back from the keychain)', async () => {
    await app.close();
    app = await launch();
    await waitForShell(app.browser);
    await openSettings(app.browser);
    await crmState(app.browser, 'connected');
  });

  test('disconnect forgets the account', async () => {
    const { browser } = app;
    await browser.$('[data-testid="crm-disconnect"]').click();
    await browser.$('[data-testid="crm-disconnect-confirm"]').click();
    await crmState(browser, 'disconnected');
    await app.close();
    app = await launch();
    await waitForShell(app.browser);
    await openSettings(app.browser);
    await crmState(app.browser, 'disconnected');
  });
});

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
