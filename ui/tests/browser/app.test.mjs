// The built UI in a real Chromium, under the shell's CSP, with the IPC faked at the boundary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openApp, screenshot, serveDist } from './harness.mjs';

// One server and one browser for the file; each test opens its own context.
let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

describe('the built UI in Chromium', () => {
  test('renders the frame with the briefing empty state, without errors', async () => {
    const app = await openApp(browser, server.url, { settings: { locale: 'en', theme: 'light' } });
    const { page } = app;
    assert.equal(await page.title(), 'Callbrief');
    for (const view of ['briefing', 'live', 'sync', 'settings']) {
      assert.ok(await page.getByTestId(`nav-${view}`).isVisible(), `nav-${view}`);
    }
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Briefing');
    assert.ok(await page.getByTestId('empty-briefing').isVisible());
    // The logo and styles loaded under the CSP (a blocked file would leave these empty).
    assert.ok(await page.locator('img.logo').evaluate((img) => img.complete && img.naturalWidth > 0));
    assert.notEqual(await page.locator('main').evaluate((el) => getComputedStyle(el).paddingTop), '0px');
    await screenshot(page, 'briefing');
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('every view is reachable from the rail and by keyboard', async () => {
    const app = await openApp(browser, server.url, { settings: { locale: 'en' } });
    const { page } = app;
    for (const view of ['live', 'sync', 'settings', 'briefing']) {
      await page.getByTestId(`nav-${view}`).click();
      await page.getByTestId(`view-${view}`).waitFor();
      assert.equal(await page.getByTestId(`nav-${view}`).getAttribute('aria-current'), 'page');
      // Focus follows the switch to the new heading (screen readers announce it).
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    }
    await page.keyboard.press('Control+2');
    await page.getByTestId('view-live').waitFor();
    await screenshot(page, 'live');
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('settings save through IPC and apply at once: Chinese, dark', async () => {
    const app = await openApp(browser, server.url, { settings: { locale: 'en', theme: 'light' } });
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('about-data-dir').filter({ hasText: '/home/demo' }).waitFor();

    await page.getByTestId('settings-locale').selectOption('zh-CN');
    await page.getByTestId('settings-theme').selectOption('dark');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.equal(await page.getByTestId('nav-settings').textContent().then((s) => s.trim()), '设置');
    const background = await page.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, 'rgb(18, 18, 21)');

    const saved = await page.evaluate(() => /** @type {any} */ (window).__IPC_CALLS__.filter((c) => c.command === 'update_settings'));
    assert.deepEqual(saved.at(-1).args, { settings: { locale: 'zh-CN', theme: 'dark', alertMinutes: 5 } });
    await screenshot(page, 'settings-zh-CN-dark');
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('"system" follows the OS language and colour scheme', async () => {
    const app = await openApp(browser, server.url, {}, { colorScheme: 'dark', locale: 'zh-CN' });
    const { page } = app;
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await screenshot(page, 'briefing-system-zh-CN-dark');
    await app.close();
  });

  test('a failing save is shown, not swallowed', async () => {
    const app = await openApp(browser, server.url, {
      settings: { locale: 'en' },
      failing: { update_settings: { code: 'Storage', message: 'database or disk is full' } },
    });
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-theme').selectOption('dark');
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /couldn’t be saved/);
    await screenshot(page, 'settings-save-failed');
    await app.close();
  });
});

describe('Settings → CRM in Chromium', () => {
  test('a wrong token is explained, the right one connects, disconnect asks first', async () => {
    const app = await openApp(browser, server.url, { settings: { locale: 'en', theme: 'light' } });
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    const card = page.getByTestId('crm-card');
    await card.and(page.locator('[data-state="disconnected"]')).waitFor();
    await page.getByText('Scopes Callbrief needs').click();
    await page.getByTestId('crm-scopes').waitFor();

    await page.getByTestId('crm-token').fill('pat-na1-typo');
    await page.getByTestId('crm-connect').click();
    await page.getByTestId('crm-error').waitFor();
    assert.match(await page.getByTestId('crm-error').textContent(), /didn’t accept this token/);
    await screenshot(page, 'settings-crm-rejected');

    await page.getByTestId('crm-token').fill('pat-na1-valid');
    await page.getByTestId('crm-connect').click();
    assert.equal(await page.getByTestId('crm-connect').isDisabled(), true, 'no double submit while checking');
    await card.and(page.locator('[data-state="connected"]')).waitFor();
    assert.equal(await page.getByTestId('crm-account-name').textContent(), 'Seller Demo Portal · account 8675309');
    assert.ok(!(await page.content()).includes('pat-na1-valid'), 'the token is not kept in the page');
    await screenshot(page, 'settings-crm-connected');

    await page.getByTestId('crm-disconnect').click();
    await page.getByTestId('crm-disconnect-confirm').click();
    await card.and(page.locator('[data-state="disconnected"]')).waitFor();
    assert.deepEqual(app.problems, []);
    await app.close();
  });

  test('a revoked token asks the user to reconnect', async () => {
    const account = { crm: 'hubspot', accountId: '1', accountName: 'Portal', user: null, connectedAtMs: 0 };
    const app = await openApp(browser, server.url, {
      settings: { locale: 'zh-CN', theme: 'dark' },
      crm: { status: { state: 'needsReconnect', account, reason: { kind: 'tokenRejected', message: 'revoked' } } },
    });
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('crm-warning').waitFor();
    assert.match(await page.getByTestId('crm-warning').textContent(), /不再接受/);
    assert.equal((await page.getByTestId('crm-connect').textContent()).trim(), '重新连接');
    await screenshot(page, 'settings-crm-reconnect-zh-CN-dark');
    await app.close();
  });
});

describe('Briefing in Chromium', () => {
  const account = { crm: 'hubspot', accountId: '146000123', accountName: null, user: 'Li Wei', connectedAtMs: 0 };
  const connected = { status: { state: 'connected', account } };


  for (const [locale, theme] of [
    ['en', 'light'],
    ['zh-CN', 'dark'],
  ]) {
    test(`the next call's briefing reads at a glance (${locale}, ${theme})`, async () => {
      const app = await openApp(browser, server.url, { settings: { locale, theme }, crm: connected });
      const { page } = app;
      await page.getByTestId('briefing-freshness').and(page.locator('[data-freshness="live"]')).waitFor();
      assert.equal(await page.getByTestId('briefing-company').textContent(), '上海星河机器人有限公司');
      assert.equal(await page.getByTestId('upcoming-call').count(), 2);
      assert.match(await page.getByTestId('briefing-deals').textContent(), /1,200,000/);
      await screenshot(page, `briefing-panel-${locale}-${theme}`);
      assert.deepEqual(app.problems, []);
      await app.close();
    });
  }

  test('offline shows the saved copy with a banner; another customer can be searched', async () => {
    const app = await openApp(browser, server.url, { settings: { locale: 'en', theme: 'light' }, crm: connected, offline: true });
    const { page } = app;
    await page.getByTestId('briefing-banner').waitFor();
    assert.match(await page.getByTestId('briefing-banner').textContent(), /Can’t reach the CRM/);
    assert.equal(await page.getByTestId('briefing-company').textContent(), '上海星河机器人有限公司');
    await screenshot(page, 'briefing-offline');
    await app.close();
  });

  test('side panel: narrow and stacked beside the meeting, the rail keeps its icons', async () => {
    const app = await openApp(browser, server.url, { settings: { locale: 'en', theme: 'light' }, crm: connected });
    const { page } = app;
    await page.getByTestId('side-panel').click();
    assert.equal(await page.getByTestId('side-panel').getAttribute('aria-pressed'), 'true');
    const asked = await page.evaluate(() => /** @type {any} */ (window).__IPC_CALLS__.filter((c) => c.command === 'set_side_panel'));
    assert.deepEqual(asked.at(-1).args, { enabled: true });
    // What the shell then does to the window: 460 px wide.
    await page.setViewportSize({ width: 460, height: 900 });
    await page.getByTestId('briefing-company').waitFor();
    await screenshot(page, 'briefing-compact');
    await app.close();
  });
});
