// The only door to the Rust side. Views call these functions, never `invoke` or the generated
// `commands` directly, so unit tests mock one module (bindings.ts) and the UI gets one error shape.
import {
  commands,
  events,
  type AppError,
  type BriefError,
  type AppInfo,
  type ConnectError,
  type CrmRequirements,
  type Locale,
  type Settings,
  type Theme,
  type UpcomingCalls,
} from '../bindings';

/** Settings with every preference filled in (the Rust side may omit defaults). */
export type Preferences = { locale: Locale; theme: Theme; alertMinutes: number };

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const defaultPreferences: Preferences = { locale: 'system', theme: 'system', alertMinutes: 5 };

function withDefaults(settings: Settings): Preferences {
  return {
    locale: settings.locale ?? defaultPreferences.locale,
    theme: settings.theme ?? defaultPreferences.theme,
    alertMinutes: settings.alertMinutes ?? defaultPreferences.alertMinutes,
  };
}

/** A thrown error (IPC missing, bug in a command) becomes an outcome the UI can show. */
function unexpected(error: unknown): Outcome<never> {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'Internal', message } };
}

export async function loadPreferences(): Promise<Outcome<Preferences>> {
  try {
    const result = await commands.getSettings();
    return result.status === 'ok' ? { ok: true, value: withDefaults(result.data) } : { ok: false, error: result.error };
  } catch (error) {
    return unexpected(error);
  }
}

/** Saves and returns what the Rust side stored (it is the source of truth). */
export async function savePreferences(preferences: Preferences): Promise<Outcome<Preferences>> {
  try {
    const result = await commands.updateSettings(preferences);
    return result.status === 'ok' ? { ok: true, value: withDefaults(result.data) } : { ok: false, error: result.error };
  } catch (error) {
    return unexpected(error);
  }
}

export async function loadAppInfo(): Promise<Outcome<AppInfo>> {
  try {
    return { ok: true, value: await commands.appInfo() };
  } catch (error) {
    // Tauri rejects with the serialized error object, not an `Error`.
    if (isAppError(error)) return { ok: false, error };
    return unexpected(error);
  }
}

function isAppError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** A command's outcome with its own error type (the CRM commands explain failures in detail). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

function connectFailure(error: unknown): Result<never, ConnectError> {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { kind: 'crm', message, scopes: [], correlationId: null } };
}

async function crmCall<T>(
  call: () => Promise<{ status: 'ok'; data: T } | { status: 'error'; error: ConnectError }>,
): Promise<Result<T, ConnectError>> {
  try {
    const result = await call();
    return result.status === 'ok' ? { ok: true, value: result.data } : { ok: false, error: result.error };
  } catch (error) {
    return connectFailure(error);
  }
}

/** The CRM connection, checked live (may take a network round trip). */
export const crmStatus = () => crmCall(() => commands.crmStatus());

/** Connects HubSpot; the token goes to the keychain and is never sent back. */
export const connectHubspot = (token: string) => crmCall(() => commands.connectHubspot(token));

export const disconnectCrm = () => crmCall(() => commands.disconnectCrm());

/** What Callbrief asks of a CRM account (HubSpot scopes, each with its reason). */
export async function crmRequirements(): Promise<CrmRequirements> {
  try {
    return await commands.crmRequirements();
  } catch (error) {
    console.error('CRM requirements not loaded', error);
    return { hubspotScopes: [] };
  }
}

async function briefCall<T>(
  call: () => Promise<{ status: 'ok'; data: T } | { status: 'error'; error: BriefError }>,
): Promise<Result<T, BriefError>> {
  try {
    const result = await call();
    return result.status === 'ok' ? { ok: true, value: result.data } : { ok: false, error: result.error };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { kind: 'failed', message } };
  }
}

/** The calendar from the local cache: instant, no network. */
export const upcomingCallsCached = () => briefCall(() => commands.upcomingCallsCached());
/** The calendar from the CRM (also prefetches the next day's briefings). */
export const upcomingCallsRefresh = () => briefCall(() => commands.upcomingCallsRefresh());
export const briefingCached = (companyId: string, invited: string[]) =>
  briefCall(() => commands.briefingCached(companyId, invited));
export const briefingRefresh = (companyId: string, invited: string[]) =>
  briefCall(() => commands.briefingRefresh(companyId, invited));
export const searchCustomers = (query: string) => briefCall(() => commands.searchCustomers(query));

/** Calls `handler` whenever the shell re-reads the calendar; returns the unsubscribe function. */
export async function onUpcomingCallsChanged(handler: (calls: UpcomingCalls) => void): Promise<() => void> {
  try {
    return await events.upcomingCallsChanged.listen((event) => handler(event.payload));
  } catch (error) {
    console.error('calendar updates unavailable', error);
    return () => {};
  }
}

/** Calls `handler` when the user picks "open briefing" on a pre-call notification. */
export async function onOpenBriefing(handler: (callId: string) => void): Promise<() => void> {
  try {
    return await events.openBriefing.listen((event) => handler(event.payload.callId));
  } catch (error) {
    console.error('notification actions unavailable', error);
    return () => {};
  }
}

/** Narrow, always-on-top window beside the meeting client (or back to normal). */
export async function setSidePanel(enabled: boolean): Promise<boolean> {
  try {
    const result = await commands.setSidePanel(enabled);
    if (result.status === 'error') console.error('side panel', result.error);
    return result.status === 'ok';
  } catch (error) {
    console.error('side panel', error);
    return false;
  }
}
