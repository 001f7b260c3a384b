import type { Locale } from '../../bindings';

/** A language the UI has a catalog for. */
export type UiLanguage = 'en' | 'zh-CN';

/**
 * The catalog to show for a saved preference. "system" follows the OS language: any Chinese
 * variant gets Simplified Chinese (the only Chinese catalog), everything else English.
 */
export function resolveLocale(preference: Locale, systemLanguage: string): UiLanguage {
  if (preference !== 'system') return preference;
  return systemLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
