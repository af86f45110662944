// Date bounds for `since` / `until`, read the same way by both engines: the native engine gets
// every bound as `@<unix seconds>` from here (src/engine/native/index.ts), so this is the one parser.
// - `YYYY-MM-DD` is a whole UTC day: `since` starts at 00:00:00, `until` ends at 23:59:59.
// - A date-time without a zone is UTC. `@<unix seconds>` is taken as is.
// - Relative dates as git's approxidate reads the common ones: `2 weeks ago`, `2.weeks.ago`,
//   `3 months ago`, `yesterday`, `today`, `now`. Seconds to weeks are fixed lengths; months and
//   years step the calendar (UTC), as git does.

import { EngineError } from './types';

const FIXED_UNITS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 };

/** `text` as unix seconds when it is a relative date, else undefined. */
function parseRelative(text: string, now: number): number | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'now' || s === 'today') return now;
  if (s === 'yesterday') return now - FIXED_UNITS.day!;
  const m = /^(\d+)[\s.]+(second|minute|hour|day|week|month|year)s?[\s.]+ago$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  const fixed = FIXED_UNITS[unit];
  if (fixed !== undefined) return now - n * fixed;
  const d = new Date(now * 1000);
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - n);
  else d.setUTCFullYear(d.getUTCFullYear() - n);
  return Math.floor(d.getTime() / 1000);
}

/** Unix seconds of a `since` (`start`) or `until` (`end`) bound; `now` in unix seconds for relative dates. */
export function parseDateBound(text: string, side: 'start' | 'end', now = Math.floor(Date.now() / 1000)): number {
  const s = text.trim();
  if (/^@-?\d+$/.test(s)) return Number(s.slice(1));
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (dateOnly) {
    const ms = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    return Math.floor(ms / 1000) + (side === 'end' ? 86_399 : 0);
  }
  const relative = parseRelative(s, now);
  if (relative !== undefined) return relative;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
  const ms = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(s) ? Date.parse(hasZone ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`) : NaN;
  if (Number.isNaN(ms)) {
    throw new EngineError(
      'INVALID_OPTION',
      `Not a date: ${JSON.stringify(text)} (use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], @<unix seconds>, or "2 weeks ago", "3 months ago", "yesterday")`,
    );
  }
  return Math.floor(ms / 1000);
}

/** A bound as `@<unix seconds>`, the form every engine reads; undefined stays undefined. */
export function absoluteBound(text: string | undefined, side: 'start' | 'end'): string | undefined {
  return text === undefined || text === '' ? text : `@${parseDateBound(text, side)}`;
}
