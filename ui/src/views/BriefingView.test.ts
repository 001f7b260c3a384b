import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test, vi } from 'vitest';

const commands = vi.hoisted(() => ({
  upcomingCallsCached: vi.fn(),
  upcomingCallsRefresh: vi.fn(),
  briefingCached: vi.fn(),
  briefingRefresh: vi.fn(),
  searchCustomers: vi.fn(),
}));
const events = vi.hoisted(() => ({ upcomingCallsChanged: { listen: vi.fn(async () => () => {}) } }));
vi.mock('../bindings', () => ({ commands, events }));

import BriefingView from './BriefingView.svelte';

const ok = <T,>(data: T) => ({ status: 'ok', data });
const err = (error: object) => ({ status: 'error', error });
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

const call = {
  id: 'm1',
  title: 'Pricing review',
  start: inMinutes(4),
  end: inMinutes(49),
  companyId: 'c1',
  companyName: 'Acme Robotics',
  contactIds: ['p1'],
  joinUrl: null,
};
const briefing = (freshness: string, overrides = {}) => ({
  company: { id: 'c1', name: 'Acme Robotics', domain: 'acme.example', industry: 'Manufacturing', employees: 420, phone: null, ownerId: null },
  contacts: [
    { id: 'p1', name: 'Anna Chen', title: 'CTO', email: 'anna@acme.example', phone: null, inMeeting: true },
    { id: 'p2', name: 'Bo Li', title: 'Buyer', email: null, phone: null, inMeeting: false },
  ],
  deals: [{ id: 'd1', name: 'Acme – 200 seats', stage: 'proposal', amount: 120000, currency: 'CNY', closeDate: '2026-12-20', nextStep: 'Send quote' }],
  notes: [{ id: 'n1', timestamp: '2026-11-02T09:00:00Z', text: 'Asked for a volume discount.' }],
  tasks: [{ id: 't1', subject: 'Send pricing', due: '2020-01-01' }],
  freshness,
  fetchedAtMs: Date.now() - 10 * 60_000,
  ...overrides,
});

beforeEach(() => {
  commands.upcomingCallsCached.mockResolvedValue(ok({ calls: [call], freshness: 'cached', fetchedAtMs: Date.now() - 60_000 }));
  commands.upcomingCallsRefresh.mockResolvedValue(ok({ calls: [call], freshness: 'live', fetchedAtMs: Date.now() }));
  commands.briefingCached.mockResolvedValue(ok(briefing('cached')));
  commands.briefingRefresh.mockResolvedValue(ok(briefing('live')));
  commands.searchCustomers.mockResolvedValue(ok([]));
});

describe('Briefing view', () => {
  test('opens the next call’s briefing with every section', async () => {
    render(BriefingView, { onconnect: () => {} });
    expect(await screen.findByTestId('briefing-company')).toHaveTextContent('Acme Robotics');
    await waitFor(() => expect(screen.getByTestId('briefing-freshness')).toHaveAttribute('data-freshness', 'live'));
    expect(commands.briefingRefresh).toHaveBeenCalledWith('c1', ['p1']);
    const contacts = screen.getByTestId('briefing-contacts');
    expect(within(contacts).getByText('On this call')).toBeInTheDocument();
    expect(screen.getByTestId('briefing-deals')).toHaveTextContent('CN¥120,000');
    expect(screen.getByTestId('briefing-notes')).toHaveTextContent('volume discount');
    expect(screen.getByTestId('briefing-tasks')).toHaveTextContent('overdue');
    expect(screen.getByTestId('upcoming-call')).toHaveAttribute('aria-current', 'true');
  });

  test('offline: the cached copy stays with a banner, never an error page', async () => {
    commands.briefingRefresh.mockResolvedValue(err({ kind: 'offline', message: 'connection refused' }));
    render(BriefingView, { onconnect: () => {} });
    expect(await screen.findByTestId('briefing-banner')).toHaveAttribute('data-kind', 'offline');
    expect(screen.getByTestId('briefing-company')).toHaveTextContent('Acme Robotics');
    expect(screen.getByTestId('briefing-freshness')).toHaveAttribute('data-freshness', 'cached');
  });

  test('without a CRM it invites the user to connect one', async () => {
    commands.upcomingCallsCached.mockResolvedValue(ok({ calls: [], freshness: 'stale', fetchedAtMs: 0 }));
    commands.upcomingCallsRefresh.mockResolvedValue(err({ kind: 'notConnected' }));
    const onconnect = vi.fn();
    const user = userEvent.setup();
    render(BriefingView, { onconnect });
    await user.click(await screen.findByTestId('briefing-connect'));
    expect(onconnect).toHaveBeenCalled();
  });

  test('search opens a customer that is not on the calendar', async () => {
    commands.upcomingCallsRefresh.mockResolvedValue(ok({ calls: [], freshness: 'live', fetchedAtMs: Date.now() }));
    commands.upcomingCallsCached.mockResolvedValue(ok({ calls: [], freshness: 'stale', fetchedAtMs: 0 }));
    commands.searchCustomers.mockResolvedValue(ok([{ id: 'c9', name: 'Northwind', domain: 'northwind.example', industry: null, employees: null, phone: null, ownerId: null }]));
    const user = userEvent.setup();
    render(BriefingView, { onconnect: () => {} });
    expect(await screen.findByTestId('upcoming-none')).toBeInTheDocument();
    await user.type(screen.getByTestId('customer-search'), 'north{Enter}');
    await user.click(await screen.findByTestId('search-result'));
    expect(commands.briefingRefresh).toHaveBeenCalledWith('c9', []);
  });

  test('a search without hits says so', async () => {
    const user = userEvent.setup();
    render(BriefingView, { onconnect: () => {} });
    await user.type(await screen.findByTestId('customer-search'), 'nobody{Enter}');
    expect(await screen.findByTestId('search-results')).toHaveTextContent('No customer found for “nobody”');
  });
});
