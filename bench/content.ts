// What the generated repository is made of: people, folders, file names, source lines and commit
// messages. Everything is drawn from a `Random`, so it is deterministic.

import type { Random } from './random';

// ---------------------------------------------------------------------------------------------
// People

export interface Identity {
  name: string;
  /** May be empty: some real histories have `author Name <>`. */
  email: string;
  tz: string;
  /** Relative activity. */
  weight: number;
  /** Active between these fractions of the history (joins late, leaves early). */
  from: number;
  to: number;
}

const FIRST = [
  'Hannah', 'Liam', 'Mei', 'Noah', 'Priya', 'Omar', 'Sofia', 'Lukas', 'Aisha', 'Mateo', 'Yuki', 'Ingrid',
  'Kwame', 'Elena', 'Tariq', 'Freya', 'Ravi', 'Chloe', 'Jonas', 'Amara', 'Pavel', 'Leila', 'Tomás', 'Grace',
  'Henrik', 'Nadia', 'Felix', 'Zara', 'Isaac', 'Maren', 'Kenji', 'Olga', 'Samuel',
];
const LAST = [
  'Schmidt', 'Nguyen', 'Kowalski', 'Haddad', 'Okonkwo', 'Lindqvist', 'Moreau', 'Tanaka', 'Rossi', 'Patel',
  'Fernández', 'Novak', 'Brennan', 'Yilmaz', 'Andersen', 'Costa', 'Ivanova', 'Mensah', 'Dubois', 'Kim',
  'Becker', 'Silva', 'Horvat', 'Eriksen', 'Mendes', 'Park', 'Weber', 'Santos', 'Jansen', 'Kaur', 'Lopez',
  'Fischer', 'Ito',
];
const TZ = ['+0000', '+0100', '+0200', '+0530', '+0800', '+0900', '-0300', '-0500', '-0700', '-0800', '+1000'];

/**
 * About 40 identities. Some belong to one person, so identity merging matters:
 * a shared name with two emails, a shared email with two names, a three-identity chain joined
 * transitively, an old address mapped by `.mailmap`, plus bots and an empty email.
 */
export function makeIdentities(rng: Random): { identities: Identity[]; mailmap: string[] } {
  const ids: Identity[] = [];
  const add = (name: string, email: string, weight: number, from: number, to: number): void => {
    ids.push({ name, email, tz: rng.pick(TZ), weight, from, to });
  };
  // Maintainers: active the whole time, most commits.
  add('Alice Martin', 'alice.martin@example.com', 10, 0, 1);
  add('Bob Chen', 'bchen@example.com', 8, 0, 1);
  add('Carol Diaz', 'carol.diaz@example.com', 7, 0.45, 1);
  add('Dan Okafor', 'dan@example.com', 6, 0, 0.4);
  add('José Álvarez', 'jose.alvarez@example.com', 5, 0.1, 1);
  // The same people under other identities.
  add('Alice Martin', 'alice@home.example.net', 2, 0.2, 0.9); // same name, other email
  add('bob', 'bchen@example.com', 1.5, 0, 0.5); // same email, other name
  add('Carol D.', 'cdiaz@oldcorp.example', 5, 0, 0.45); // mapped by .mailmap
  add('Daniel Okafor', 'dan@example.com', 3, 0.35, 0.7); // shares Dan's email …
  add('Daniel Okafor', 'dokafor@users.noreply.example', 3, 0.65, 1); // … and Daniel's name
  // Everyone else, Zipf-like activity, joining and leaving.
  for (let i = 0; i < 28; i++) {
    const name = i === 7 ? 'Zoë Müller' : `${FIRST[i]} ${LAST[(i * 7) % LAST.length]}`;
    const from = i < 4 ? 0 : rng.float() * 0.8;
    const to = Math.min(1, from + 0.15 + rng.float() * 0.85);
    const email = `${ascii(name).replace(' ', '.')}@example.org`;
    add(name, email, 4 / Math.pow(i + 1, 0.8), from, to);
  }
  add('ci-bot', '', 0.3, 0.3, 1);
  add('renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com', 0.6, 0.5, 1);
  const mailmap = [
    '# Map old addresses to the current ones.',
    'Carol Diaz <carol.diaz@example.com> Carol D. <cdiaz@oldcorp.example>',
  ];
  return { identities: ids, mailmap };
}

function ascii(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '');
}

export function pickIdentity(rng: Random, ids: readonly Identity[], t: number): Identity {
  let total = 0;
  for (const id of ids) if (t >= id.from && t <= id.to) total += id.weight;
  let r = rng.float() * total;
  for (const id of ids) {
    if (t < id.from || t > id.to) continue;
    r -= id.weight;
    if (r < 0) return id;
  }
  return ids[0];
}

// ---------------------------------------------------------------------------------------------
// Files

export type Lang = 'ts' | 'js' | 'py' | 'rs' | 'go' | 'c' | 'h' | 'java' | 'md' | 'json' | 'yaml' | 'sh' | 'css';

const WORDS = [
  'alpha', 'buffer', 'cache', 'delta', 'event', 'filter', 'graph', 'handle', 'index', 'job', 'key', 'layout',
  'merge', 'node', 'offset', 'parse', 'query', 'range', 'stream', 'token', 'update', 'value', 'worker',
  'yield', 'zone', 'batch', 'commit', 'digest', 'entry', 'frame', 'group', 'hash', 'input', 'join', 'kernel',
  'lease', 'mutex', 'notify', 'owner', 'packet', 'queue', 'retry', 'shard', 'timer', 'unit', 'vector',
  'window', 'config', 'report', 'render', 'schema', 'session', 'signal', 'socket', 'store', 'table',
];

export interface Dir {
  path: string;
  langs: Lang[];
  weight: number;
}

/** About 160 nested folders, each with the languages its files use. */
export function makeDirs(rng: Random): Dir[] {
  const dirs: Dir[] = [];
  const seen = new Set<string>();
  const add = (path: string, langs: Lang[], weight: number): void => {
    if (seen.has(path)) return;
    seen.add(path);
    dirs.push({ path, langs, weight });
  };
  const pkgLangs: Lang[][] = [['ts'], ['ts', 'js'], ['rs'], ['go'], ['py'], ['java'], ['c', 'h']];
  for (let p = 0; p < 14; p++) {
    const name = `${rng.pick(WORDS)}-${rng.pick(WORDS)}`;
    const langs = pkgLangs[p % pkgLangs.length];
    add(`packages/${name}`, ['md', 'json'], 0.3);
    for (let a = 0; a < 4; a++) {
      const area = rng.pick(WORDS);
      add(`packages/${name}/src/${area}`, langs, 2);
      if (rng.chance(0.5)) add(`packages/${name}/src/${area}/${rng.pick(WORDS)}`, langs, 1.5);
      if (rng.chance(0.2)) add(`packages/${name}/src/${area}/${rng.pick(WORDS)}/${rng.pick(WORDS)}`, langs, 1);
    }
    add(`packages/${name}/test`, langs, 1.2);
  }
  for (let a = 0; a < 12; a++) {
    const area = rng.pick(WORDS);
    add(`src/${area}`, ['ts'], 2);
    add(`src/${area}/${rng.pick(WORDS)}`, ['ts', 'css'], 1.2);
  }
  add('docs', ['md'], 1);
  for (let a = 0; a < 6; a++) add(`docs/${rng.pick(WORDS)}`, ['md'], 0.6);
  add('scripts', ['sh', 'py'], 0.6);
  add('tools/ci', ['yaml', 'sh'], 0.4);
  add('config', ['json', 'yaml'], 0.5);
  add('test/fixtures', ['json'], 0.5);
  add('test/unit', ['ts'], 1.5);
  return dirs;
}

export function fileName(rng: Random, lang: Lang): string {
  const a = rng.pick(WORDS);
  const b = rng.pick(WORDS);
  switch (lang) {
    case 'java':
      return `${cap(a)}${cap(b)}.java`;
    case 'ts':
    case 'js':
      return `${a}${cap(b)}.${lang}`;
    case 'md':
      return `${a}-${b}.md`;
    default:
      return `${a}_${b}.${lang}`;
  }
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Lines

const OPS = ['<', '>', '===', '!==', '<=', '>='];
const PROSE = [
  'The scheduler keeps one queue per worker and steals from its neighbours when idle.',
  'See the design notes for why the cache is not shared between sessions.',
  'Entries older than the retention window are compacted on the next flush.',
  'This mirrors the behaviour of the upstream implementation.',
  'Naïve implementations allocate on every call; this one reuses the buffer.',
  'Configuration values are read once at start-up and never reloaded.',
];

/** One line of source in `lang`. `n` makes identifiers unique-ish, as in real code. */
export function sourceLine(rng: Random, lang: Lang, n: number): string {
  const r = rng.float();
  const id = `${rng.pick(WORDS)}${cap(rng.pick(WORDS))}${(n % 997).toString(36)}`;
  const fn = `${rng.pick(WORDS)}${cap(rng.pick(WORDS))}`;
  const num = rng.int(0, 4096);
  const ind = '    '.slice(0, 2 * rng.int(0, 2)) + (rng.chance(0.3) ? '    ' : '');
  if (r < 0.08) return '';
  switch (lang) {
    case 'md':
      if (r < 0.15) return `## ${cap(rng.pick(WORDS))} ${rng.pick(WORDS)}`;
      if (r < 0.3) return `- ${cap(rng.pick(WORDS))} the ${rng.pick(WORDS)} before \`${fn}\` (${num}).`;
      return `${rng.pick(PROSE)} ${cap(rng.pick(WORDS))} ${id}.`;
    case 'json':
      return `${ind}"${id}": ${r < 0.5 ? num : `"${rng.pick(WORDS)}-${num}"`},`;
    case 'yaml':
      if (r < 0.14) return `# ${rng.pick(PROSE)}`;
      return `${ind}${id}: ${r < 0.5 ? num : rng.pick(WORDS)}`;
    case 'py':
    case 'sh': {
      if (r < 0.16) return `${ind}# ${rng.pick(PROSE)}`;
      if (r < 0.22) return lang === 'py' ? `def ${fn}_${n % 89}(${id}):` : `${fn}() {`;
      if (r < 0.4) return `${ind}if ${id} ${rng.pick(OPS.slice(0, 2))} ${num}:`;
      return lang === 'py' ? `${ind}${id} = ${fn}(${rng.pick(WORDS)}, ${num})` : `${ind}${id}=$((${num} + $${rng.pick(WORDS)}))`;
    }
    case 'css':
      if (r < 0.2) return '}';
      if (r < 0.3) return `.${rng.pick(WORDS)}-${id} {`;
      return `  ${rng.pick(['margin', 'padding', 'width', 'color', 'gap'])}: ${num % 64}px;`;
    default: {
      // C-like languages.
      if (r < 0.14) return `${ind}}`;
      if (r < 0.22) return `${ind}// ${rng.pick(PROSE)}`;
      if (r < 0.32) return `${ind}if (${id} ${rng.pick(OPS)} ${num}) {`;
      if (r < 0.38) return `${ind}return ${id}.${fn}(${num});`;
      if (r < 0.42) {
        if (lang === 'rs') return `pub fn ${fn}_${n % 89}(${id}: u32) -> Result<(), Error> {`;
        if (lang === 'go') return `func ${cap(fn)}${n % 89}(${id} int) error {`;
        if (lang === 'java') return `  public int ${fn}${n % 89}(int ${id}) {`;
        if (lang === 'c' || lang === 'h') return `static int ${fn}_${n % 89}(int ${id}) {`;
        return `export function ${fn}${n % 89}(${id}: number): string {`;
      }
      const decl = lang === 'rs' ? 'let ' : lang === 'go' ? '' : lang === 'java' || lang === 'c' || lang === 'h' ? 'int ' : 'const ';
      const assign = lang === 'go' ? ':=' : '=';
      return `${ind}${decl}${id} ${assign} ${fn}(${rng.pick(WORDS)}, ${num});`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

const VERBS = ['Fix', 'Add', 'Refactor', 'Speed up', 'Simplify', 'Document', 'Rename', 'Remove', 'Handle', 'Test'];

export function commitMessage(rng: Random, n: number): string {
  let subject = `${rng.pick(VERBS)} ${rng.pick(WORDS)} ${rng.pick(['in', 'for', 'of', 'around'])} ${rng.pick(WORDS)} ${rng.pick(WORDS)}`;
  if (rng.chance(0.3)) subject += ` (#${1000 + (n % 9000)})`;
  if (rng.chance(0.02)) subject += ' — naïve café ✓';
  if (!rng.chance(0.35)) return subject + '\n';
  return `${subject}\n\n${rng.pick(PROSE)}\n${rng.pick(PROSE)}\n`;
}

export function topicName(rng: Random, n: number): string {
  return `${rng.pick(['feature', 'fix', 'refactor', 'perf'])}/${rng.pick(WORDS)}-${rng.pick(WORDS)}-${n}`;
}
