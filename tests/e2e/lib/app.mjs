// Launches the real Callbrief binary through tauri-driver (WebDriver) and hands back a
// WebdriverIO browser bound to its window. Used by the e2e specs and the headless demo.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const appBinary = process.env.CALLBRIEF_APP ?? join(repoRoot, 'target/debug/callbrief');

/** A TCP port nobody listens on right now. */
async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((done) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); done(true); });
      socket.on('error', () => done(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`tauri-driver did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** PIDs of app processes started with this data folder (from /proc; Linux only). */
function appProcesses(dataDir) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0].endsWith(basename(appBinary)) && argv.includes(dataDir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

async function gone(dataDir, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (appProcesses(dataDir).length > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * Waits for the app this test launched to exit. Closing its window only hides it (it
 * lives in the tray), so when the WebDriver side does not end it, the test ends it by
 * PID, as a user quitting would.
 */
async function waitUntilGone(dataDir) {
  if (await gone(dataDir, 5_000)) return;
  for (const pid of appProcesses(dataDir)) process.kill(pid, 'SIGTERM');
  if (!(await gone(dataDir, 10_000))) throw new Error(`the app for ${dataDir} did not exit after SIGTERM`);
}

/** A fresh, empty data folder so a run never sees another run's state. */
export function freshDataDir(prefix = 'callbrief-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts tauri-driver and the app. `dataDir` keeps all of the app's files in one folder.
 * Returns { browser, close }.
 */
export async function launchApp({ dataDir, args = [], env = {} } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  const driverExit = new Promise((r) => driver.once('exit', r));
  try {
    await waitForPort(port, 20_000);
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 1,
      capabilities: {
        browserName: 'wry',
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application: appBinary, args: ['--data-dir', dataDir, ...args] },
      },
    });
    const close = async () => {
      await browser.deleteSession().catch(() => {});
      driver.kill('SIGTERM');
      await driverExit;
      // The app may still be shutting down; a relaunch before it is gone would find its
      // single-instance lock and hand over to a dying process.
      await waitUntilGone(dataDir);
    };
    return { browser, close };
  } catch (err) {
    driver.kill('SIGTERM');
    await driverExit;
    throw err;
  }
}

/** Waits until the UI and IPC are up: the frame renders only after settings loaded. */
export async function waitForShell(browser, timeout = 30_000) {
  const shell = await browser.$('[data-testid="app-shell"]');
  await shell.waitForDisplayed({ timeout });
  return shell;
}

/** Saves the app window's web content as a PNG (creating the folder). */
export async function screenshot(browser, file) {
  mkdirSync(dirname(file), { recursive: true });
  await browser.saveScreenshot(file);
}
