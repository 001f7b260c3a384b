import type { PlainMessageKey } from './i18n/interpolate';

/** The four screens of the main window, in rail order. */
export const views = ['briefing', 'live', 'sync', 'settings'] as const;
export type View = (typeof views)[number];

export const viewLabels: Record<View, PlainMessageKey> = {
  briefing: 'nav.briefing',
  live: 'nav.live',
  sync: 'nav.sync',
  settings: 'nav.settings',
};

/** Ctrl+1…4 (⌘1…4 on macOS) jumps to a view, like tabs in a browser. */
export function viewForShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): View | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  const index = Number(event.key) - 1;
  return Number.isInteger(index) && index >= 0 && index < views.length ? views[index] : null;
}

export function shortcutLabel(view: View, isMac: boolean): string {
  return `${isMac ? '⌘' : 'Ctrl+'}${views.indexOf(view) + 1}`;
}
