import type { Theme } from '../bindings';

/** The palette actually on screen. */
export type Palette = 'light' | 'dark';

const darkQuery = '(prefers-color-scheme: dark)';

export function resolveTheme(preference: Theme, systemPrefersDark: boolean): Palette {
  if (preference !== 'system') return preference;
  return systemPrefersDark ? 'dark' : 'light';
}

/**
 * Puts the palette on `<html data-theme>` (global.css keys every colour on it) and, for
 * "system", repaints live when the OS switches. Returns the function that stops following.
 */
export function followTheme(preference: Theme, root: HTMLElement = document.documentElement): () => void {
  const media = window.matchMedia(darkQuery);
  const apply = () => {
    root.dataset.theme = resolveTheme(preference, media.matches);
  };
  apply();
  if (preference !== 'system') return () => {};
  media.addEventListener('change', apply);
  return () => media.removeEventListener('change', apply);
}
