// The active language lives in a rune, so every `t(...)` in a template re-renders on change.
import { en, type Catalog, type MessageKey } from './en';
import { interpolate, type MessageArgs } from './interpolate';
import type { UiLanguage } from './locale';
import { zhCN } from './zh-CN';

const catalogs: Record<UiLanguage, Catalog> = { en, 'zh-CN': zhCN };

let active = $state<UiLanguage>('en');

/** Switches every message to `language` and tells the document (fonts, screen readers). */
export function setLanguage(language: UiLanguage): void {
  active = language;
  document.documentElement.lang = language;
}

export function currentLanguage(): UiLanguage {
  return active;
}

/** The message for `key` in the active language. */
export function t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string {
  return interpolate(catalogs[active][key], args[0]);
}
