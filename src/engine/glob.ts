// Glob matching for the analysis settings, the same in both engines (the native engine uses the
// globset crate with these options): case-insensitive; `*` and `?` also match `/`; `**` is the same
// as `*`; `[...]` / `[!...]` classes; `{a,b}` alternatives; the whole text must match. Path patterns
// are tried on the full path and on the base name (`*.md` matches `docs/a.md`).

export type Matcher = (text: string) => boolean;

const NEVER: Matcher = () => false;

export function globToRegExp(pattern: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      while (pattern[i + 1] === '*') i++;
      re += '.*';
    } else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = close;
      }
    } else if (ch === '{') {
      braces++;
      re += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (ch === ',' && braces > 0) re += '|';
    else if (ch === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  while (braces-- > 0) re += ')';
  return new RegExp(`^${re}$`, 'is');
}

export function textMatcher(patterns: readonly string[] | undefined): Matcher {
  const list = (patterns ?? []).filter((p) => p.length > 0).map(globToRegExp);
  if (list.length === 0) return NEVER;
  return (text) => list.some((re) => re.test(text));
}

export function pathMatcher(patterns: readonly string[] | undefined): Matcher {
  const match = textMatcher(patterns);
  return (path) => match(path) || match(path.slice(path.lastIndexOf('/') + 1));
}
