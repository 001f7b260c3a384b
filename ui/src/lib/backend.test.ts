import { beforeEach, describe, expect, test, vi } from 'vitest';

const commands = vi.hoisted(() => ({
  appInfo: vi.fn(),
  getSettings: vi.fn(),
  updateSettings: vi.fn(),
}));
vi.mock('../bindings', () => ({ commands }));

import { loadAppInfo, loadPreferences, savePreferences } from './backend';

beforeEach(() => {
  for (const command of Object.values(commands)) command.mockReset();
});

describe('backend', () => {
  test('fills in preferences the Rust side left out', async () => {
    commands.getSettings.mockResolvedValue({ status: 'ok', data: { locale: 'zh-CN' } });
    expect(await loadPreferences()).toEqual({ ok: true, value: { locale: 'zh-CN', theme: 'system', alertMinutes: 5 } });
  });

  test('passes a command error through unchanged', async () => {
    const error = { code: 'Storage', message: 'disk full' };
    commands.updateSettings.mockResolvedValue({ status: 'error', error });
    expect(await savePreferences({ locale: 'en', theme: 'dark', alertMinutes: 0 })).toEqual({ ok: false, error });
    expect(commands.updateSettings).toHaveBeenCalledWith({ locale: 'en', theme: 'dark', alertMinutes: 0 });
  });

  test('a thrown error becomes an Internal outcome instead of an unhandled rejection', async () => {
    commands.getSettings.mockRejectedValue(new Error('IPC unavailable'));
    expect(await loadPreferences()).toEqual({ ok: false, error: { code: 'Internal', message: 'IPC unavailable' } });
  });

  test('app info errors keep their code', async () => {
    commands.appInfo.mockRejectedValue({ code: 'Storage', message: 'no data folder' });
    expect(await loadAppInfo()).toEqual({ ok: false, error: { code: 'Storage', message: 'no data folder' } });
  });
});
