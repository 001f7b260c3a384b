import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test, vi } from 'vitest';

const commands = vi.hoisted(() => ({
  crmStatus: vi.fn(),
  crmRequirements: vi.fn(),
  connectHubspot: vi.fn(),
  disconnectCrm: vi.fn(),
}));
vi.mock('../../bindings', () => ({ commands }));

import CrmCard from './CrmCard.svelte';

const account = {
  crm: 'hubspot',
  accountId: '4242',
  accountName: 'Seller Inc.',
  user: 'Li Wei <li.wei@seller.example>',
  connectedAtMs: 1_764_000_000_000,
};
const ok = <T,>(data: T) => ({ status: 'ok', data });
const failed = (error: object) => ({ status: 'error', error: { scopes: [], correlationId: null, ...error } });

beforeEach(() => {
  commands.crmRequirements.mockResolvedValue({
    hubspotScopes: [{ scope: 'crm.objects.contacts.read', purpose: 'find the people on your calls' }],
  });
  commands.crmStatus.mockResolvedValue(ok({ state: 'disconnected' }));
  commands.connectHubspot.mockResolvedValue(ok(account));
  commands.disconnectCrm.mockResolvedValue(ok(null));
});

describe('Settings → CRM', () => {
  test('connects with a pasted token and shows the account, not the token', async () => {
    const user = userEvent.setup();
    render(CrmCard);
    const input = await screen.findByTestId('crm-token');
    expect(input).toHaveAttribute('type', 'password');
    expect(screen.getByTestId('crm-scopes')).toHaveTextContent('crm.objects.contacts.read');

    await user.type(input, 'pat-na1-secret');
    await user.click(screen.getByTestId('crm-connect'));

    expect(commands.connectHubspot).toHaveBeenCalledWith('pat-na1-secret');
    expect(await screen.findByTestId('crm-account-name')).toHaveTextContent('Seller Inc. · account 4242');
    expect(screen.getByTestId('crm-user')).toHaveTextContent('li.wei@seller.example');
    expect(screen.queryByTestId('crm-token')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain('pat-na1-secret');
  });

  test('a rejected token says why, keeps HubSpot’s words and the reference', async () => {
    commands.connectHubspot.mockResolvedValue(
      failed({ kind: 'tokenRejected', message: 'Authentication credentials not found.', correlationId: 'c-123' }),
    );
    const user = userEvent.setup();
    render(CrmCard);
    await user.type(await screen.findByTestId('crm-token'), 'wrong');
    await user.click(screen.getByTestId('crm-connect'));

    const error = await screen.findByTestId('crm-error');
    expect(error).toHaveAttribute('data-kind', 'tokenRejected');
    expect(error).toHaveTextContent('didn’t accept this token');
    expect(error).toHaveTextContent('Authentication credentials not found.');
    expect(error).toHaveTextContent('c-123');
    expect(screen.getByTestId('crm-token')).toHaveValue('wrong');
  });

  test('missing scopes are listed', async () => {
    commands.connectHubspot.mockResolvedValue(
      failed({ kind: 'missingScopes', message: 'scopes', scopes: ['crm.objects.deals.read', 'crm.objects.owners.read'] }),
    );
    const user = userEvent.setup();
    render(CrmCard);
    await user.type(await screen.findByTestId('crm-token'), 'narrow');
    await user.click(screen.getByTestId('crm-connect'));
    expect(await screen.findByTestId('crm-error')).toHaveTextContent('crm.objects.deals.read, crm.objects.owners.read');
  });

  test('a revoked token asks to reconnect and offers the token field', async () => {
    commands.crmStatus.mockResolvedValue(
      ok({ state: 'needsReconnect', account, reason: { kind: 'tokenRejected', message: 'revoked' } }),
    );
    render(CrmCard);
    expect(await screen.findByTestId('crm-warning')).toHaveTextContent('no longer accepts');
    expect(screen.getByTestId('crm-connect')).toHaveTextContent('Reconnect');
    expect(screen.getByTestId('crm-account-name')).toBeInTheDocument();
  });

  test('an unreachable CRM keeps the account and can be checked again', async () => {
    commands.crmStatus.mockResolvedValueOnce(ok({ state: 'unverified', account, message: 'connection refused' }));
    const user = userEvent.setup();
    render(CrmCard);
    expect(await screen.findByTestId('crm-warning')).toHaveTextContent('connection refused');
    commands.crmStatus.mockResolvedValueOnce(ok({ state: 'connected', account }));
    await user.click(screen.getByTestId('crm-recheck'));
    await waitFor(() => expect(screen.queryByTestId('crm-warning')).not.toBeInTheDocument());
    expect(screen.getByTestId('crm-card')).toHaveAttribute('data-state', 'connected');
  });

  test('disconnect asks first, then forgets the account', async () => {
    commands.crmStatus.mockResolvedValue(ok({ state: 'connected', account }));
    const user = userEvent.setup();
    render(CrmCard);
    await user.click(await screen.findByTestId('crm-disconnect'));
    expect(commands.disconnectCrm).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('crm-disconnect-confirm'));
    expect(commands.disconnectCrm).toHaveBeenCalledOnce();
    expect(await screen.findByTestId('crm-token')).toBeInTheDocument();
    expect(screen.getByTestId('crm-card')).toHaveAttribute('data-state', 'disconnected');
  });

  test('an account without a name is shown by its id', async () => {
    commands.crmStatus.mockResolvedValue(ok({ state: 'connected', account: { ...account, accountName: null } }));
    render(CrmCard);
    expect(await screen.findByTestId('crm-account-name')).toHaveTextContent('Account 4242');
  });

  test('a command that throws is shown as an error, not lost', async () => {
    commands.crmStatus.mockRejectedValue(new Error('IPC down'));
    render(CrmCard);
    expect(await screen.findByTestId('crm-error')).toHaveTextContent('IPC down');
  });
});
