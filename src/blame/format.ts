// Blame annotation templates: the token names of VS Code's built-in blame (`${authorName}`,
// `${authorDate}`, …) with an optional length limit (`${subject|50}` keeps at most 50 characters and
// ends a cut value with an ellipsis). Plain module, no `vscode`: tested in Node.

import { formatDistanceStrict } from 'date-fns';

/** The facts one template can show about a line's commit. */
export interface BlameFacts {
  authorName: string;
  authorEmail: string;
  /** Unix seconds. */
  authorTime: number;
  subject: string;
  /** 40-hex commit id. */
  hash: string;
}

export const TEMPLATE_TOKENS = ['authorName', 'authorEmail', 'authorDate', 'authorDateAgo', 'subject', 'hash', 'hashShort'] as const;
export type TemplateToken = (typeof TEMPLATE_TOKENS)[number];

export const DEFAULT_INLINE_FORMAT = '${authorName}, ${authorDateAgo} • ${subject|50}';
export const DEFAULT_UNCOMMITTED_FORMAT = 'You • Uncommitted changes';
export const DEFAULT_STATUS_BAR_FORMAT = '${authorName}, ${authorDateAgo}';

export const UNCOMMITTED_ID = '0'.repeat(40);
const ELLIPSIS = '…';

export interface FormatContext {
  /** "Now" in milliseconds, for relative dates (tests pass a fixed one). */
  now: number;
  /** BCP 47 locale for absolute dates; default the runtime's. */
  locale?: string;
  /** IANA zone for absolute dates; default the runtime's. */
  timeZone?: string;
}

/** `git log --abbrev=7`-style short id. */
export function shortHash(id: string): string {
  return id.slice(0, 7);
}

/** "3 months ago", "in 2 minutes" (clock skew), from date-fns' calendar-aware distance. */
export function relativeDate(unixSeconds: number, now: number): string {
  return formatDistanceStrict(unixSeconds * 1000, now, { addSuffix: true, roundingMethod: 'floor' });
}

/** The author date as a date, in the user's locale ("Nov 22, 2026"). */
export function absoluteDate(unixSeconds: number, ctx: Pick<FormatContext, 'locale' | 'timeZone'> = {}): string {
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeZone: ctx.timeZone }).format(unixSeconds * 1000);
}

/** Date and time, for hovers ("Nov 22, 2026, 9:14 AM"). */
export function absoluteDateTime(unixSeconds: number, ctx: Pick<FormatContext, 'locale' | 'timeZone'> = {}): string {
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone }).format(unixSeconds * 1000);
}

/**
 * Cuts `value` to at most `max` characters (user-perceived: code points, so an emoji is not split),
 * the last one an ellipsis when anything was cut. `max` 0 gives the empty string.
 */
export function truncate(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  if (max <= 0) return '';
  return chars.slice(0, max - 1).join('').trimEnd() + ELLIPSIS;
}

function tokenValue(token: TemplateToken, facts: BlameFacts, ctx: FormatContext): string {
  switch (token) {
    case 'authorName': return facts.authorName;
    case 'authorEmail': return facts.authorEmail;
    case 'authorDate': return absoluteDate(facts.authorTime, ctx);
    case 'authorDateAgo': return relativeDate(facts.authorTime, ctx.now);
    case 'subject': return facts.subject;
    case 'hash': return facts.hash;
    case 'hashShort': return shortHash(facts.hash);
  }
}

const TOKEN = /\$\{(\w+)(?:\|(\d+))?\}/g;

/**
 * Fills a template. Unknown tokens stay as written (so a typo shows up instead of vanishing);
 * `escape` is applied to every substituted value (the status bar neutralises `$(icon)` syntax).
 * Line breaks in values become spaces: an annotation is one line.
 */
export function formatTemplate(template: string, facts: BlameFacts, ctx: FormatContext, escape: (s: string) => string = (s) => s): string {
  return template.replace(TOKEN, (whole, name: string, limit: string | undefined) => {
    if (!(TEMPLATE_TOKENS as readonly string[]).includes(name)) return whole;
    let value = tokenValue(name as TemplateToken, facts, ctx).replace(/[\r\n]+/g, ' ');
    if (limit !== undefined) value = truncate(value, Number(limit));
    return escape(value);
  });
}

/** Status bar text renders `$(name)` as an icon: a value from the repository must not. */
export function escapeStatusBarText(value: string): string {
  return value.replace(/\$\(/g, '$\u200b(');
}
