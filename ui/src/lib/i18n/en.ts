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

  'settings.subtitle': 'Language, appearance, and where Callbrief keeps its files.',
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

  'notice.settingsNotSaved': 'Your settings couldn’t be saved. The change applies until you close Callbrief.',
  'notice.settingsNotLoaded': 'Your settings couldn’t be loaded, so the defaults are in use.',
  'notice.dismiss': 'Dismiss',
} as const;

export type MessageKey = keyof typeof en;

/** What every other language must provide: a string for each English key. */
export type Catalog = { readonly [K in MessageKey]: string };
