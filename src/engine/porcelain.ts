// `git blame --porcelain` / `--line-porcelain`: the writer (byte-identical to git's builtin/blame.c
// emit_porcelain) and the parser the git fallback engine uses.
//
// Terminology (git's): a *group* is a run of final lines blamed on the same origin whose source
// lines are consecutive and whose ignored/unblamable flags are equal (git's blame_coalesce).
// Commit details ("metainfo") are printed the first time a commit appears; `previous`/`filename`
// follow them, and are repeated on every group header of a commit blamed under more than one path.

import type { BlameCommit, BlameOrigin, BlameResult } from './types';
import { quoteCStyle, unquotePath } from './quote';

export interface PorcelainOptions {
  /** `--line-porcelain`: commit details on every line. */
  linePorcelain?: boolean;
  /** git's core.quotePath (default true): octal-escape bytes >= 0x80 in paths. */
  quotePath?: boolean;
}

/** Accumulates output as byte chunks so file content passes through untouched. */
class ByteWriter {
  private chunks: Uint8Array[] = [];
  private pending = '';
  text(s: string): void {
    this.pending += s;
    if (this.pending.length > 1 << 16) this.flush();
  }
  bytes(b: Uint8Array): void {
    this.flush();
    this.chunks.push(b);
  }
  private flush(): void {
    if (this.pending) this.chunks.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }
  finish(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}

/** Byte offsets where each line starts, plus the end; lines keep their '\n' (git's line model). */
export function lineStarts(text: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === 0x0a && i + 1 < text.length) starts.push(i + 1);
  if (text.length === 0) return [0];
  starts.push(text.length);
  return starts;
}

/** Number of lines as git counts them: a last line without '\n' still counts. */
export function countLines(text: Uint8Array): number {
  return lineStarts(text).length - 1;
}

/** Writes exactly what `git blame --porcelain` (or `--line-porcelain`) prints for `result`. */
export function formatPorcelain(result: BlameResult, text: Uint8Array, opts: PorcelainOptions = {}): Buffer {
  const repeat = opts.linePorcelain === true;
  const quotePath = opts.quotePath !== false;
  const starts = lineStarts(text);
  const lineCount = Math.min(result.lineCount, starts.length - 1);
  const out = new ByteWriter();

  // git's MORE_THAN_ONE_PATH: a commit that is guilty under two or more origins.
  const pathsPerCommit = new Map<number, Set<string>>();
  for (let i = 0; i < lineCount; i++) {
    const o = result.origins[result.origin[i]!]!;
    let set = pathsPerCommit.get(o.commit);
    if (!set) pathsPerCommit.set(o.commit, (set = new Set()));
    set.add(o.path);
  }
  const shown = new Set<number>();

  const writeName = (path: string): void => {
    out.bytes(quoteCStyle(path, quotePath));
    out.text('\n');
  };
  const writeFilenameInfo = (origin: BlameOrigin): void => {
    if (origin.previous) {
      out.text(`previous ${origin.previous.commit} `);
      writeName(origin.previous.path);
    }
    out.text('filename ');
    writeName(origin.path);
  };
  const writeDetails = (origin: BlameOrigin, always: boolean): void => {
    const c = result.commits[origin.commit]!;
    if (always || !shown.has(origin.commit)) {
      shown.add(origin.commit);
      out.text(
        `author ${c.authorName}\nauthor-mail <${c.authorEmail}>\nauthor-time ${c.authorTime}\nauthor-tz ${c.authorTz}\n` +
          `committer ${c.committerName}\ncommitter-mail <${c.committerEmail}>\ncommitter-time ${c.committerTime}\n` +
          `committer-tz ${c.committerTz}\nsummary ${c.summary}\n` +
          (c.boundary ? 'boundary\n' : ''),
      );
      writeFilenameInfo(origin);
    } else if ((pathsPerCommit.get(origin.commit)?.size ?? 0) > 1) {
      writeFilenameInfo(origin);
    }
  };

  let i = 0;
  while (i < lineCount) {
    const originIndex = result.origin[i]!;
    const flag = result.flags[i]!;
    let end = i + 1;
    while (
      end < lineCount &&
      result.origin[end] === originIndex &&
      result.flags[end] === flag &&
      result.sourceLine[end] === result.sourceLine[end - 1]! + 1
    ) {
      end++;
    }
    const origin = result.origins[originIndex]!;
    const id = result.commits[origin.commit]!.id;
    for (let line = i; line < end; line++) {
      if (line === i) {
        out.text(`${id} ${result.sourceLine[line]} ${line + 1} ${end - i}\n`);
        writeDetails(origin, repeat);
      } else {
        out.text(`${id} ${result.sourceLine[line]} ${line + 1}\n`);
        if (repeat) writeDetails(origin, true);
      }
      out.text('\t');
      out.bytes(text.subarray(starts[line]!, starts[line + 1]!));
    }
    i = end;
  }
  if (lineCount > 0 && text.length > 0 && text[text.length - 1] !== 0x0a) out.text('\n');
  return out.finish();
}

// ---------------------------------------------------------------------------------------------

/** What porcelain output says; `lines` are the content lines (without the TAB, with their '\n'). */
export type ParsedPorcelain = Pick<BlameResult, 'lineCount' | 'origin' | 'sourceLine' | 'flags' | 'origins' | 'commits'> & {
  lines: Uint8Array[];
};

const HEADER = /^([0-9a-f]{40,64}) (\d+) (\d+)(?: (\d+))?$/;
const utf8 = new TextDecoder('utf-8');

function emptyCommit(id: string): BlameCommit {
  return {
    id,
    authorName: '',
    authorEmail: '',
    authorTime: 0,
    authorTz: '+0000',
    committerName: '',
    committerEmail: '',
    committerTime: 0,
    committerTz: '+0000',
    summary: '',
    boundary: false,
  };
}

function stripAngles(s: string): string {
  return s.startsWith('<') && s.endsWith('>') ? s.slice(1, -1) : s;
}

/** Parses `git blame --porcelain` or `--line-porcelain` output. Flags are all zero (porcelain has none). */
export function parsePorcelain(bytes: Uint8Array): ParsedPorcelain {
  const commits: BlameCommit[] = [];
  const commitIndex = new Map<string, number>();
  const origins: BlameOrigin[] = [];
  const originIndex = new Map<string, number>();
  /** Per commit index: the origin of its latest `filename` line. */
  const currentOrigin = new Map<number, number>();
  const lineOrigin: number[] = [];
  const lineSource: number[] = [];
  const lines: Uint8Array[] = [];

  let commit = -1;
  let sourceLine = 0;
  let finalLine = 0;
  let previous: BlameOrigin['previous'];

  let pos = 0;
  while (pos < bytes.length) {
    let nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) nl = bytes.length;
    if (bytes[pos] === 0x09) {
      if (commit < 0) throw new Error('porcelain: content line before any header');
      const origin = currentOrigin.get(commit);
      if (origin === undefined) throw new Error(`porcelain: no filename for ${commits[commit]!.id}`);
      lineOrigin[finalLine - 1] = origin;
      lineSource[finalLine - 1] = sourceLine;
      lines[finalLine - 1] = bytes.subarray(pos + 1, Math.min(nl + 1, bytes.length));
      pos = nl + 1;
      continue;
    }
    const line = utf8.decode(bytes.subarray(pos, nl));
    pos = nl + 1;
    const header = HEADER.exec(line);
    if (header) {
      const id = header[1]!;
      let index = commitIndex.get(id);
      if (index === undefined) {
        index = commits.push(emptyCommit(id)) - 1;
        commitIndex.set(id, index);
      }
      commit = index;
      sourceLine = Number(header[2]);
      finalLine = Number(header[3]);
      previous = undefined;
      continue;
    }
    if (commit < 0) continue;
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    const c = commits[commit]!;
    switch (key) {
      case 'author': c.authorName = value; break;
      case 'author-mail': c.authorEmail = stripAngles(value); break;
      case 'author-time': c.authorTime = Number(value); break;
      case 'author-tz': c.authorTz = value; break;
      case 'committer': c.committerName = value; break;
      case 'committer-mail': c.committerEmail = stripAngles(value); break;
      case 'committer-time': c.committerTime = Number(value); break;
      case 'committer-tz': c.committerTz = value; break;
      case 'summary': c.summary = value; break;
      case 'boundary': c.boundary = true; break;
      case 'previous': {
        const sp = value.indexOf(' ');
        previous = { commit: value.slice(0, sp), path: unquotePath(value.slice(sp + 1)) };
        break;
      }
      case 'filename': {
        const path = unquotePath(value);
        const key2 = `${commit}\0${path}`;
        let o = originIndex.get(key2);
        if (o === undefined) {
          o = origins.push(previous ? { commit, path, previous } : { commit, path }) - 1;
          originIndex.set(key2, o);
        }
        currentOrigin.set(commit, o);
        break;
      }
      default:
        break; // Unknown keys are ignored, as git's docs ask of porcelain readers.
    }
  }
  const lineCount = lines.length;
  return {
    lineCount,
    origin: Uint32Array.from(lineOrigin),
    sourceLine: Uint32Array.from(lineSource),
    flags: new Uint8Array(lineCount),
    origins,
    commits,
    lines,
  };
}
