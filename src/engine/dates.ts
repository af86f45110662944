// Date bounds for `since` / `until`, read the same way by both engines.
// A date without a time is a whole UTC day: `since` starts at 00:00:00, `until` ends at 23:59:59.
// A date-time without a zone is UTC. `@<unix seconds>` is taken as is. (native/core/src/filters.rs agrees.)

import { EngineError } from './types';

export function parseDateBound(text: string, side: 'start' | 'end'): number {
  const s = text.trim();
  if (/^@-?\d+$/.test(s)) return Number(s.slice(1));
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (dateOnly) {
    const ms = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    return Math.floor(ms / 1000) + (side === 'end' ? 86_399 : 0);
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
  const ms = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(s) ? Date.parse(hasZone ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`) : NaN;
  if (Number.isNaN(ms)) throw new EngineError('INVALID_OPTION', `Not a date: ${text}`);
  return Math.floor(ms / 1000);
}
