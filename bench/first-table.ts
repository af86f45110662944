// (r) The report panel's time from command to first table, in plain Node: what happens before the
// webview can draw the Authors table — analyzeRepository with the default gitAuthorship.report.*
// settings, serialising the first message (the raw analysis) posted to the webview, parsing it and
// deriving the tables (buildRepositoryReport, as the webview does). The drawing of a few dozen
// virtualized rows is not included.
//
// run.ts calls `firstTable()`, which runs this file as a child process (like ours.ts, so the parent
// holds no engine):  node --import tsx bench/first-table.ts REPO ENGINE  → one line of JSON.

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

import { loadEngine, isEngineChoice } from '../src/engine/load';
import { buildRepositoryReport } from '../src/report/model';
import type { ReportRun, ToWebview } from '../src/report/protocol';
import { parseReportSettings } from '../src/report/settings';

export interface FirstTable {
  seconds: number;
  analyzeSeconds: number;
  modelMs: number;
  messageMs: number;
  messageBytes: number;
  files: number;
  authors: number;
}

export async function firstTable(repo: string, engine: string): Promise<FirstTable> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'first-table.ts'), repo, engine], { cwd: resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((res, rej) => {
    child.on('error', rej);
    child.on('exit', res);
  });
  if (code !== 0) throw new Error(`bench/first-table.ts exited with ${code}`);
  return JSON.parse(out) as FirstTable;
}

async function measure(repo: string, engineChoice: string): Promise<FirstTable> {
  if (!isEngineChoice(engineChoice)) throw new Error(`engine is auto, native or git, not ${engineChoice}`);
  const engine = loadEngine(engineChoice);
  const parsed = parseReportSettings({});
  if (!parsed.ok) throw new Error('default settings do not validate');
  const t0 = performance.now();
  const analysis = await engine.analyzeRepository(repo, parsed.value.analysis);
  const t1 = performance.now();
  const info = engine.info();
  const run: ReportRun = {
    analyses: [analysis],
    now: Math.floor(Date.now() / 1000),
    totalMs: t1 - t0,
    display: parsed.value.display,
    engine: { backend: info.backend, version: info.version },
    scope: 'bench',
    finishedAt: Date.now(),
  };
  const message: ToWebview = { type: 'result', run };
  // postMessage serialises its argument; JSON is what VS Code sends to the webview process.
  const serialised = JSON.stringify(message);
  const t2 = performance.now();
  // The webview parses it and derives the tables before drawing the first one.
  const received = JSON.parse(serialised) as { run: ReportRun };
  const report = buildRepositoryReport(received.run.analyses[0]!, { now: received.run.now });
  const t3 = performance.now();
  return {
    seconds: (t3 - t0) / 1000,
    analyzeSeconds: (t1 - t0) / 1000,
    messageMs: t2 - t1,
    messageBytes: serialised.length,
    modelMs: t3 - t2,
    files: report.files.length,
    authors: report.authors.length,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  const [repo, engine = 'native'] = process.argv.slice(2);
  measure(resolve(repo!), engine).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => {
      console.error(`first-table: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
