import { describe, expect, test } from 'vitest';
import { shortcutLabel, viewForShortcut } from './views';

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('view shortcuts', () => {
  test('Ctrl or ⌘ with 1–4 picks a view in rail order', () => {
    expect(viewForShortcut(key('1', { ctrlKey: true }))).toBe('briefing');
    expect(viewForShortcut(key('2', { metaKey: true }))).toBe('live');
    expect(viewForShortcut(key('4', { ctrlKey: true }))).toBe('settings');
  });

  test('anything else is left to the page', () => {
    expect(viewForShortcut(key('1'))).toBeNull();
    expect(viewForShortcut(key('5', { ctrlKey: true }))).toBeNull();
    expect(viewForShortcut(key('0', { ctrlKey: true }))).toBeNull();
    expect(viewForShortcut(key('a', { ctrlKey: true }))).toBeNull();
    expect(viewForShortcut(key('1', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });

  test('labels name the platform key', () => {
    expect(shortcutLabel('sync', false)).toBe('Ctrl+3');
    expect(shortcutLabel('sync', true)).toBe('⌘3');
  });
});
