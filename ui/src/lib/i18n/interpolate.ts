import type { MessageKey, en } from './en';

/** The `{name}` placeholders of a message template, as a union of names. */
type Placeholders<Template extends string> = Template extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** `t(key)` for messages without placeholders, `t(key, { name: value })` for the others. */
export type MessageArgs<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof en)[K]>, string | number>];

const placeholderPattern = /\{(\w+)\}/g;

/** The placeholder names in a template, sorted (used to compare catalogs). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(placeholderPattern)].map((match) => match[1]).sort();
}

/** Fills `{name}` placeholders; an unknown name stays visible rather than vanishing. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(placeholderPattern, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A message without placeholders: safe to pass around as a value and render with `t(key)`. */
export type PlainMessageKey = { [K in MessageKey]: MessageArgs<K> extends [] ? K : never }[MessageKey];
