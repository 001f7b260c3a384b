// Starts the CRM sandbox (`callbrief-cli sandbox serve`) for a test and stops it by PID.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { repoRoot } from './app.mjs';

export const cliBinary = process.env.CALLBRIEF_CLI ?? join(repoRoot, 'target/debug/callbrief-cli');

/** Returns { hubspot: { base_url, token }, stop() } once the sandbox listens. */
export async function startSandbox({ seed = 'demo', seedOut = null, extraArgs = [] } = {}) {
  const args = ['sandbox', 'serve', '--seed', seed, '--port', '0', ...(seedOut ? ['--seed-out', seedOut] : []), ...extraArgs];
  const child = spawn(cliBinary, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before it was ready`)));
  });
  const endpoints = JSON.parse(first);
  return {
    ...endpoints,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
