import type { Locale } from '../../bindings';
import { resolveLocale } from './locale';
import { setLanguage } from './translate.svelte';

/**
 * Applies a language preference now and, for "system", again whenever the OS language
 * changes. Returns the function that stops following.
 */
export function followLocale(preference: Locale): () => void {
  const apply = () => setLanguage(resolveLocale(preference, navigator.language));
  apply();
  if (preference !== 'system') return () => {};
  window.addEventListener('languagechange', apply);
  return () => window.removeEventListener('languagechange', apply);
}
