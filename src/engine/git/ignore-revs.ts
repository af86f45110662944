// Collects the revisions blame should look through (`--ignore-rev`, `--ignore-revs-file`, and the
// `blame.ignoreRevsFile` config), resolving each one ourselves so that an entry git would die on
// becomes a warning instead of a failed blame.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { EngineWarning } from '../types';
import { configValues } from './repo';
import { gitBytes, gitProbe } from './run';

export interface IgnoreRevsRequest {
  ignoreRevs?: string[];
  /** As in BlameOptions: undefined = config, null/'' = none, else a path relative to the work tree. */
  ignoreRevsFile?: string | null;
}

export interface ResolvedIgnoreRevs {
  oids: string[];
  warnings: EngineWarning[];
}

/** Parses an ignore-revs file as git's oidset_parse_file does: `#` comments, blank lines, full ids. */
export function parseIgnoreRevsFile(text: string, fileLabel: string): { oids: string[]; warnings: EngineWarning[] } {
  const oids: string[] = [];
  const warnings: EngineWarning[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    if (/^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$/.test(line)) oids.push(line.toLowerCase());
    else {
      warnings.push({
        code: 'IGNORE_REVS_FILE_INVALID_LINE',
        message: `${fileLabel}:${index + 1}: not a full object id: ${line.slice(0, 80)}`,
      });
    }
  });
  return { oids, warnings };
}

function expandPath(workTree: string, file: string): string {
  if (file.startsWith('~/')) return join(homedir(), file.slice(2));
  return isAbsolute(file) ? file : join(workTree, file);
}

/** Which of `oids` name commits (directly or through tags): commit ids for those, warnings for the rest. */
async function peelToCommits(workTree: string, oids: string[], source: string, signal?: AbortSignal): Promise<ResolvedIgnoreRevs> {
  const warnings: EngineWarning[] = [];
  if (oids.length === 0) return { oids: [], warnings };
  const out = await gitBytes(workTree, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    signal,
    input: oids.join('\n') + '\n',
  });
  const result: string[] = [];
  const lines = out.toString('utf8').split('\n');
  for (let i = 0; i < oids.length; i++) {
    const [name, type] = (lines[i] ?? '').split(' ');
    if (type === 'commit') result.push(name!);
    else if (type === 'tag') {
      const probe = await gitProbe(workTree, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`], { signal });
      if (probe.ok) result.push(probe.stdout.trim());
      else warnings.push({ code: 'IGNORE_REV_NOT_A_COMMIT', message: `${source}: ${oids[i]} is not a commit` });
    } else {
      warnings.push({ code: 'IGNORE_REV_UNKNOWN', message: `${source}: unknown revision ${oids[i]}` });
    }
  }
  return { oids: result, warnings };
}

export async function resolveIgnoreRevs(workTree: string, req: IgnoreRevsRequest, signal?: AbortSignal): Promise<ResolvedIgnoreRevs> {
  const warnings: EngineWarning[] = [];
  const oids = new Set<string>();

  let files: string[];
  if (req.ignoreRevsFile === undefined) files = await configValues(workTree, 'blame.ignoreRevsFile', signal);
  else if (req.ignoreRevsFile === null || req.ignoreRevsFile === '') files = [];
  else files = [req.ignoreRevsFile];

  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(expandPath(workTree, file), 'utf8');
    } catch {
      warnings.push({ code: 'IGNORE_REVS_FILE_UNREADABLE', message: `cannot read ignore-revs file ${file}` });
      continue;
    }
    const parsed = parseIgnoreRevsFile(text, file);
    warnings.push(...parsed.warnings);
    const peeled = await peelToCommits(workTree, parsed.oids, file, signal);
    warnings.push(...peeled.warnings);
    for (const oid of peeled.oids) oids.add(oid);
  }

  for (const rev of req.ignoreRevs ?? []) {
    const probe = rev.startsWith('-')
      ? { ok: false, stdout: '' }
      : await gitProbe(workTree, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { signal });
    if (probe.ok && probe.stdout.trim()) oids.add(probe.stdout.trim());
    else warnings.push({ code: 'IGNORE_REV_UNKNOWN', message: `cannot find revision ${rev} to ignore` });
  }
  return { oids: [...oids], warnings };
}
