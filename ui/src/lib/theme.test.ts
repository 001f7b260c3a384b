import { describe, expect, test, vi } from 'vitest';
import { followTheme, resolveTheme } from './theme';

function fakeMedia(matches: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    matches,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.spyOn(window, 'matchMedia').mockReturnValue(media as unknown as MediaQueryList);
  return {
    listeners,
    switchTo(dark: boolean) {
      media.matches = dark;
      for (const listener of listeners) listener();
    },
  };
}

describe('resolveTheme', () => {
  test('an explicit choice ignores the OS', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  test('system follows the OS', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });
});

describe('followTheme', () => {
  test('system repaints when the OS switches, and stops when told', () => {
    const media = fakeMedia(false);
    const root = document.createElement('html');
    const stop = followTheme('system', root);
    expect(root.dataset.theme).toBe('light');

    media.switchTo(true);
    expect(root.dataset.theme).toBe('dark');

    stop();
    expect(media.listeners.size).toBe(0);
    media.switchTo(false);
    expect(root.dataset.theme).toBe('dark');
  });

  test('an explicit theme does not listen to the OS', () => {
    const media = fakeMedia(true);
    const root = document.createElement('html');
    followTheme('light', root);
    expect(root.dataset.theme).toBe('light');
    expect(media.listeners.size).toBe(0);
  });
});
