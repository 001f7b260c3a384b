import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test, vi } from 'vitest';

const commands = vi.hoisted(() => ({
  appInfo: vi.fn(),
  getSettings: vi.fn(),
  updateSettings: vi.fn(),
  crmStatus: vi.fn(),
  crmRequirements: vi.fn(),
  upcomingCallsCached: vi.fn(),
  upcomingCallsRefresh: vi.fn(),
}));
const events = vi.hoisted(() => ({
  upcomingCallsChanged: { listen: async () => () => {} },
  openBriefing: { listen: async () => () => {} },
}));
vi.mock('./bindings', () => ({ commands, events }));

import App from './App.svelte';

beforeEach(() => {
  commands.appInfo.mockResolvedValue({ version: '0.1.0', dataDir: '/data', logDir: '/logs', platform: 'linux' });
  commands.getSettings.mockResolvedValue({ status: 'ok', data: { locale: 'en', theme: 'light' } });
  commands.updateSettings.mockImplementation(async (settings) => ({ status: 'ok', data: settings }));
  commands.crmStatus.mockResolvedValue({ status: 'ok', data: { state: 'disconnected' } });
  commands.crmRequirements.mockResolvedValue({ hubspotScopes: [] });
  commands.upcomingCallsCached.mockResolvedValue({ status: 'ok', data: { calls: [], freshness: 'stale', fetchedAtMs: 0 } });
  commands.upcomingCallsRefresh.mockResolvedValue({ status: 'error', error: { kind: 'notConnected' } });
});

describe('App', () => {
  test('opens on the briefing with its empty state', async () => {
    render(App);
    expect(await screen.findByTestId('view-briefing')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Briefing' })).toBeInTheDocument();
    expect(screen.getByTestId('nav-briefing')).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByText('No upcoming calls')).toBeInTheDocument();
  });

  test('the rail and the keyboard switch views', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('app-shell');
    await user.click(screen.getByTestId('nav-live'));
    expect(screen.getByTestId('view-live')).toBeInTheDocument();
    expect(screen.getByTestId('nav-live')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-briefing')).not.toHaveAttribute('aria-current');

    await user.keyboard('{Control>}3{/Control}');
    expect(screen.getByTestId('view-sync')).toBeInTheDocument();
  });

  test('“Connect a CRM” leads to Settings', async () => {
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('briefing-connect'));
    expect(screen.getByTestId('view-settings')).toBeInTheDocument();
  });

  test('choosing Chinese re-renders at once and is saved', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('app-shell');
    await user.click(screen.getByTestId('nav-settings'));
    await waitFor(() => expect(screen.getByTestId('about-data-dir')).toHaveTextContent('/data'));

    await user.selectOptions(screen.getByTestId('settings-locale'), 'zh-CN');
    expect(commands.updateSettings).toHaveBeenLastCalledWith({ locale: 'zh-CN', theme: 'light', alertMinutes: 5 });
    expect(screen.getByTestId('nav-briefing')).toHaveTextContent('客户简报');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  test('the call reminder can be changed or turned off', async () => {
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('nav-settings'));
    await user.selectOptions(screen.getByTestId('settings-alert'), '0');
    expect(commands.updateSettings).toHaveBeenLastCalledWith({ locale: 'en', theme: 'light', alertMinutes: 0 });
    expect(screen.getByTestId('settings-alert')).toHaveDisplayValue('Off');
  });

  test('choosing dark repaints the document', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('app-shell');
    await user.click(screen.getByTestId('nav-settings'));
    await user.selectOptions(screen.getByTestId('settings-theme'), 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  test('a failed save keeps the choice and says so', async () => {
    commands.updateSettings.mockResolvedValue({ status: 'error', error: { code: 'Storage', message: 'disk full' } });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('app-shell');
    await user.click(screen.getByTestId('nav-settings'));
    await user.selectOptions(screen.getByTestId('settings-theme'), 'dark');
    expect(await screen.findByRole('alert')).toHaveTextContent('couldn’t be saved');
    expect(document.documentElement.dataset.theme).toBe('dark');

    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  test('settings that cannot be loaded fall back to defaults with a notice', async () => {
    commands.getSettings.mockResolvedValue({ status: 'error', error: { code: 'Storage', message: 'corrupt' } });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(App);
    expect(await screen.findByRole('alert')).toHaveTextContent('defaults are in use');
  });

  test('About says when the app facts are unavailable', async () => {
    commands.appInfo.mockRejectedValue({ code: 'Internal', message: 'boom' });
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('app-shell');
    await user.click(screen.getByTestId('nav-settings'));
    await waitFor(() => expect(screen.getByTestId('about-data-dir')).toHaveTextContent('Not available'));
  });
});
