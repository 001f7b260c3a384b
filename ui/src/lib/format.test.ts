import { describe, expect, test } from 'vitest';
import { calendarDate, isOverdue, money, relativeTime } from './format';

const now = Date.parse('2026-11-25T09:00:00Z');

describe('format', () => {
  test('relative times in both languages', () => {
    expect(relativeTime('2026-11-25T09:04:00Z', now, 'en')).toBe('in 4 min.');
    expect(relativeTime('2026-11-25T07:00:00Z', now, 'en')).toBe('2 hr. ago');
    expect(relativeTime('2026-11-25T09:04:00Z', now, 'zh-CN')).toBe('4分钟后');
    expect(relativeTime('garbage', now, 'en')).toBe('');
  });

  test('money keeps the currency and drops cents', () => {
    expect(money(120000, 'CNY', 'zh-CN')).toBe('¥120,000');
    expect(money(45000, 'USD', 'en')).toBe('$45,000');
    expect(money(12.5, null, 'en')).toBe('12.5');
    expect(money(10, 'NOT-A-CODE', 'en')).toBe('10 NOT-A-CODE');
  });

  test('dates and overdue tasks', () => {
    expect(calendarDate('2026-12-20', 'en')).toBe('Dec 20, 2026');
    expect(isOverdue('2026-11-24', now)).toBe(true);
    expect(isOverdue('2026-11-25', now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
  });
});
