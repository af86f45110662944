// Correctness checks, so a fast wrong answer can never look good: every timed result of ours is
// compared with git's answer to the same question before its ratio counts.

import { authorKey, parsePorcelain, type NumstatResult } from './git-side';
import { isError, lineDigest, type AnalysisSummary, type CheckResult, type MeasureResult, type StepError } from './job';

export interface Verdict {
  ok: boolean;
  /** One line for the report. */
  summary: string;
  /** The first few differences. */
  details: string[];
}

/** Sampled files: our per-line commit ids equal `git blame --porcelain`'s. */
export function compareSample(ours: CheckResult, git: Map<string, Buffer>): Verdict {
  const details: string[] = [];
  let same = 0;
  let lines = 0;
  for (const f of ours.files) {
    const ref = git.get(f.path);
    if (!ref) continue;
    const expected = parsePorcelain(ref).lines;
    if (f.error || !f.ids) {
      details.push(`${f.path}: ours failed: ${f.error}`);
      continue;
    }
    const n = Math.max(expected.length, f.ids.length);
    let diff = -1;
    for (let i = 0; i < n; i++) {
      if (f.ids[i] !== expected[i]) {
        diff = i;
        break;
      }
    }
    if (diff < 0) {
      same++;
      lines += n;
    } else {
      const count = f.ids.filter((id, i) => id !== expected[i]).length + Math.abs(expected.length - f.ids.length);
      details.push(
        `${f.path}: ${count} of ${expected.length} lines differ; first at line ${diff + 1}: ours ${f.ids[diff]?.slice(0, 10) ?? '(none)'} git ${expected[diff]?.slice(0, 10) ?? '(none)'}`,
      );
    }
  }
  const total = ours.files.length;
  return {
    ok: same === total && total > 0,
    summary:
      same === total
        ? `${same}/${total} sampled files: our per-line commit ids equal git blame's (${lines.toLocaleString('en-US')} lines)`
        : `${total - same}/${total} sampled files DIFFER from git blame`,
    details,
  };
}

/** blameFiles' commit per line equals git blame's, file by file (compared by digest). */
export function compareBlameFiles(b: MeasureResult['blameFiles'], git: Map<string, Buffer>): Verdict {
  if (!b || isError(b)) return { ok: false, summary: 'blameFiles gave no result to check', details: [] };
  const details: string[] = [];
  if (b.errors > 0) details.push(`${b.errors} files failed, e.g. ${b.firstError}`);
  let same = 0;
  for (const [path, out] of git) {
    if (b.digests[path] === lineDigest(parsePorcelain(out).lines)) same++;
    else details.push(`${path}: ${b.digests[path] ? 'commit ids per line differ' : 'no answer'}`);
  }
  const ok = same === git.size && git.size > 0 && b.errors === 0;
  return {
    ok,
    summary: `blameFiles' commit per line ${ok ? 'equals' : 'DIFFERS from'} git blame's: ${same.toLocaleString('en-US')}/${git.size.toLocaleString('en-US')} files agree` +
      (b.files > git.size ? ` (${b.files - git.size} not checked: git output beyond the memory budget or not run)` : ''),
    details,
  };
}

/** analyzeRepository's surviving lines per (file, author) equal what git blame attributes. */
export function compareAnalysis(a: AnalysisSummary | StepError | undefined, git: Map<string, Buffer>, textFiles: string[]): Verdict {
  if (!a || isError(a) || a.aborted) return { ok: false, summary: 'analyzeRepository gave no result to check', details: [] };
  const authorOf = new Map<string, number>();
  a.authors.forEach((x, i) => {
    authorOf.set(authorKey(x.name, x.email), i);
    for (const al of x.aliases) authorOf.set(authorKey(al.name, al.email), i);
  });
  const fileIndex = new Map(a.files.map((p, i) => [p, i]));
  const ours = new Map<number, Map<number, number>>();
  for (const [author, file, lines] of a.cells) {
    if (lines === 0) continue;
    let m = ours.get(file);
    if (!m) ours.set(file, (m = new Map()));
    m.set(author, (m.get(author) ?? 0) + lines);
  }
  const details: string[] = [];
  let checked = 0;
  let same = 0;
  for (const [path, out] of git) {
    checked++;
    const fi = fileIndex.get(path);
    if (fi === undefined) {
      details.push(`${path}: not in analyzeRepository's files`);
      continue;
    }
    const p = parsePorcelain(out);
    const expected = new Map<number, number>();
    let unknown = '';
    for (const sha of p.lines) {
      const who = p.authors.get(sha)!;
      const idx = authorOf.get(authorKey(who.name, who.email));
      if (idx === undefined) unknown = authorKey(who.name, who.email);
      expected.set(idx ?? -1, (expected.get(idx ?? -1) ?? 0) + 1);
    }
    const got = ours.get(fi) ?? new Map<number, number>();
    const keys = new Set([...expected.keys(), ...got.keys()]);
    const bad = [...keys].filter((k) => (expected.get(k) ?? 0) !== (got.get(k) ?? 0));
    if (bad.length === 0) same++;
    else {
      const who = (k: number): string => (k < 0 ? unknown || '(unknown)' : a.authors[k].name);
      details.push(`${path}: ${bad.map((k) => `${who(k)} ours ${got.get(k) ?? 0} git ${expected.get(k) ?? 0}`).slice(0, 3).join('; ')}`);
    }
  }
  const textSet = new Set(textFiles);
  const extra = a.files.filter((p) => !textSet.has(p));
  if (extra.length) details.push(`${extra.length} files analysed that git calls binary or lists nowhere, e.g. ${extra[0]}`);
  const notKept = textFiles.length - git.size;
  return {
    ok: same === checked && checked > 0,
    summary:
      `analyzeRepository's lines per file and author ${same === checked ? 'equal' : 'DIFFER from'} git blame's: ` +
      `${same.toLocaleString('en-US')}/${checked.toLocaleString('en-US')} files agree` +
      (notKept > 0 ? ` (${notKept} not checked: git output beyond the memory budget or not run)` : ''),
    details,
  };
}

/** extractCommits' insertions/deletions per author equal `git log --numstat --no-merges`. */
export function compareNumstat(c: MeasureResult['commits'], git: NumstatResult): Verdict {
  if (!c || isError(c)) return { ok: false, summary: 'extractCommits gave no result to check', details: [] };
  const details: string[] = [];
  const keys = new Set([...git.perAuthor.keys(), ...Object.keys(c.perAuthor)]);
  let same = 0;
  for (const k of keys) {
    const g = git.perAuthor.get(k);
    const o = c.perAuthor[k];
    const gv = g ? [g.insertions, g.deletions, g.commits] : [0, 0, 0];
    const ov = o ?? [0, 0, 0];
    if (gv.every((v, i) => v === ov[i])) same++;
    else details.push(`${k}: ours +${ov[0]} −${ov[1]} in ${ov[2]} commits; git +${gv[0]} −${gv[1]} in ${gv[2]}`);
  }
  return {
    ok: same === keys.size && keys.size > 0,
    summary:
      same === keys.size
        ? `extractCommits' insertions/deletions/commits per author equal git log --numstat's for all ${same} identities`
        : `extractCommits' per-author totals DIFFER from git log --numstat's for ${keys.size - same} of ${keys.size} identities`,
    details,
  };
}
