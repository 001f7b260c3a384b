// Captures desktop notifications as the notification daemon receives them: dbus-monitor
// on the test session's bus, watching org.freedesktop.Notifications.Notify calls.
import { spawn } from 'node:child_process';

export async function watchNotifications() {
  const monitor = spawn(
    'dbus-monitor',
    ['--session', "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => monitor.once('exit', resolve));
  let output = '';
  monitor.stdout.setEncoding('utf8');
  monitor.stdout.on('data', (chunk) => (output += chunk));
  // Give the monitor a moment to register its match rule before anything is sent.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    /** Every Notify call so far, as its string arguments (app name, icon, summary, body…). */
    calls() {
      return output
        .split(/^method call /m)
        .slice(1)
        .map((block) => [...block.matchAll(/^\s*string "(.*)"$/gm)].map((m) => m[1]));
    },
    async waitFor(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = this.calls().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching notification within ${timeoutMs} ms: ${JSON.stringify(this.calls())}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop() {
      monitor.kill('SIGTERM');
      await exited;
    },
  };
}
