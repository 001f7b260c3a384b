// CRM values shown to people: HubSpot's default deal stages by their internal ids, and
// enumeration values such as `COMPUTER_SOFTWARE`. Custom pipeline stages have no label
// here and are shown as the CRM stores them.
import { en } from './i18n/en';
import type { PlainMessageKey } from './i18n/interpolate';
import { t } from './i18n/translate.svelte';

export function dealStage(stage: string | null): string | null {
  if (!stage) return null;
  const key = `deal.stage.${stage}`;
  return key in en ? t(key as PlainMessageKey) : stage;
}

/** `COMPUTER_SOFTWARE` → "Computer software"; other text unchanged. */
export function enumLabel(value: string | null): string | null {
  if (!value || !/^[A-Z0-9_]+$/.test(value)) return value;
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
