import { describe, expect, test } from 'vitest';
import { en } from './en';
import { interpolate, placeholdersOf } from './interpolate';
import { resolveLocale } from './locale';
import { zhCN } from './zh-CN';

const catalogs = { 'zh-CN': zhCN };

describe('catalogs', () => {
  test.each(Object.entries(catalogs))('%s has exactly the English keys', (_, catalog) => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
  });

  test.each(Object.entries(catalogs))('%s uses the same placeholders as English', (_, catalog) => {
    for (const [key, template] of Object.entries(en)) {
      expect(placeholdersOf(catalog[key as keyof typeof en]), key).toEqual(placeholdersOf(template));
    }
  });

  test('no message is empty or padded', () => {
    for (const catalog of [en, zhCN]) {
      for (const [key, message] of Object.entries(catalog)) {
        expect(message.trim(), key).toBe(message);
        expect(message.length, key).toBeGreaterThan(0);
      }
    }
  });

  test('Chinese messages are translated, not copied', () => {
    // Names that stay the same in every language.
    const untranslated = new Set(['app.name', 'crm.title', 'settings.language.en', 'settings.language.zhCN', 'nav.tooltip']);
    for (const [key, message] of Object.entries(zhCN)) {
      if (untranslated.has(key)) continue;
      expect(message, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('interpolate', () => {
  test('fills placeholders', () => {
    expect(interpolate('{label} ({shortcut})', { label: 'Sync', shortcut: 'Ctrl+3' })).toBe('Sync (Ctrl+3)');
  });

  test('keeps an unknown placeholder visible', () => {
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
  });
});

describe('resolveLocale', () => {
  test('an explicit choice wins over the OS', () => {
    expect(resolveLocale('en', 'zh-CN')).toBe('en');
    expect(resolveLocale('zh-CN', 'en-US')).toBe('zh-CN');
  });

  test.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['ZH', 'zh-CN'],
    ['en-GB', 'en'],
    ['de-DE', 'en'],
  ])('system language %s shows %s', (system, expected) => {
    expect(resolveLocale('system', system)).toBe(expected);
  });
});
