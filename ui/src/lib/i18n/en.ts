// The English catalog is the reference: its keys and `{placeholders}` define every message.
// Other catalogs must have exactly the same keys (TypeScript) and placeholders (i18n.test.ts).
export const en = {
  'app.name': 'Callbrief',
  'app.tagline': 'Sales call assistant',

  'nav.label': 'Main navigation',
  'nav.briefing': 'Briefing',
  'nav.live': 'Live meeting',
  'nav.sync': 'Sync',
  'nav.settings': 'Settings',
  'nav.tooltip': '{label} ({shortcut})',

  'briefing.subtitle': 'Everything about your next customer, on one screen.',
  'briefing.empty.title': 'No upcoming calls',
  'briefing.empty.body':
    'Once a CRM is connected, the briefing for each call appears here 5 minutes before it starts.',
  'briefing.empty.action': 'Connect a CRM',

  'live.subtitle': 'The chat and transcript of your call, as it happens.',
  'live.empty.title': 'No call in progress',
  'live.empty.body':
    'When a call starts in your video app, its chat and transcript arrive here through the Callbrief connector.',

  'sync.subtitle': 'Review your call notes, then send them to the CRM.',
  'sync.empty.title': 'Nothing to sync',
  'sync.empty.body': 'After each call, draft notes wait here for you to review and send to your CRM.',

  'settings.subtitle': 'Your CRM, language, appearance, and where Callbrief keeps its files.',
  'settings.preferences': 'Preferences',
  'settings.language.label': 'Language',
  'settings.language.hint': '“System” uses your computer’s language.',
  'settings.language.system': 'System',
  'settings.language.en': 'English',
  'settings.language.zhCN': '简体中文',
  'settings.theme.label': 'Theme',
  'settings.theme.hint': '“System” switches between light and dark along with your computer.',
  'settings.theme.system': 'System',
  'settings.theme.light': 'Light',
  'settings.theme.dark': 'Dark',
  'settings.about': 'About',
  'settings.about.version': 'Version',
  'settings.about.dataDir': 'Data folder',
  'settings.about.logDir': 'Log folder',
  'settings.about.loading': 'Loading…',
  'settings.about.unavailable': 'Not available',

  'crm.title': 'CRM',
  'crm.intro': 'Connect HubSpot to see customer briefings before your calls and send call notes afterwards.',
  'crm.loading': 'Checking your CRM connection…',
  'crm.token.label': 'HubSpot access token',
  'crm.token.hint':
    'In HubSpot, create a private app (Settings → Integrations → Private Apps) with the scopes below, then paste its access token or a service key. Callbrief keeps it in your computer’s keychain.',
  'crm.scopes.summary': 'Scopes Callbrief needs',
  'crm.connect': 'Connect HubSpot',
  'crm.connecting': 'Checking the token…',
  'crm.connected.title': 'Connected to HubSpot',
  'crm.attention.title': 'HubSpot needs attention',
  'crm.connected.account': '{name} · account {id}',
  'crm.connected.accountId': 'Account {id}',
  'crm.connected.user': 'Signed in as {user}',
  'crm.disconnect': 'Disconnect',
  'crm.disconnect.confirm':
    'Disconnect HubSpot? The token is removed from this computer. Notes waiting to be sent stay here.',
  'crm.disconnect.cancel': 'Cancel',
  'crm.recheck': 'Check again',
  'crm.unverified': 'HubSpot couldn’t be reached just now. Callbrief keeps working and tries again later.',
  'crm.reconnect.tokenRejected':
    'HubSpot no longer accepts the saved token (it may have been revoked or rotated). Paste a new token to reconnect.',
  'crm.reconnect.missingScopes':
    'The token lacks scopes Callbrief needs: {scopes}. Add them to the private app in HubSpot, then paste the token again.',
  'crm.reconnect.tokenMissing': 'The saved token is no longer in your keychain. Paste it again to reconnect.',
  'crm.reconnect': 'Reconnect',
  'crm.error.emptyToken': 'Paste a token first.',
  'crm.error.tokenRejected': 'HubSpot didn’t accept this token. Check that you copied the whole access token.',
  'crm.error.missingScopes': 'This token lacks scopes Callbrief needs: {scopes}.',
  'crm.error.unreachable': 'HubSpot couldn’t be reached. Check your connection and try again.',
  'crm.error.rateLimited': 'HubSpot is busy right now. Try again in a few seconds.',
  'crm.error.keychain': 'Your computer’s keychain refused to store the token.',
  'crm.error.storage': 'Callbrief’s local database isn’t available.',
  'crm.error.crm': 'HubSpot refused the request.',
  'crm.error.detail': 'Details: {message}',
  'crm.error.reference': 'Reference: {id}',

  'notice.settingsNotSaved': 'Your settings couldn’t be saved. The change applies until you close Callbrief.',
  'notice.settingsNotLoaded': 'Your settings couldn’t be loaded, so the defaults are in use.',
  'notice.dismiss': 'Dismiss',
} as const;

export type MessageKey = keyof typeof en;

/** What every other language must provide: a string for each English key. */
export type Catalog = { readonly [K in MessageKey]: string };
