// `git-authorship info`: which engine runs, and what kind of repository REPO is.

import { resolve } from 'node:path';
import { loadEngine } from '../../engine/load';
import { ENGINE_OPTION, engineChoice, parse, UsageError } from '../args';
import type { CliIo } from '../io';

export const INFO_HELP = `Usage: git-authorship info [options] [REPO]

Show the engine (native or git fallback, versions) and a health check of REPO (default: current folder).

Options:
  --json                  as JSON: { engine, health }
  --engine auto|native|git
  -h, --help              this help
`;

export async function infoCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, ...ENGINE_OPTION });
  if (values.help) {
    io.stdout(INFO_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('info takes at most one REPO');
  const engine = loadEngine(engineChoice(values.engine));
  const info = engine.info();
  const health = await engine.healthCheck(resolve(io.cwd, positionals[0] ?? '.'));
  if (values.json) {
    io.stdout(JSON.stringify({ engine: info, health }, null, 2) + '\n');
  } else {
    const libs = Object.entries(info.libraries).map(([k, v]) => `${k} ${v}`).join(', ');
    const lines = [
      `engine:      ${info.backend} (${info.name} ${info.version}, ${info.platform}, ${info.threads} threads)`,
      `libraries:   ${libs}`,
      ...(info.fallbackReason ? [`fallback:    ${info.fallbackReason}`] : []),
      `repository:  ${health.ok ? health.path : `error ${health.error?.code}: ${health.error?.message}`}`,
    ];
    if (health.ok) {
      lines.push(
        `head:        ${health.head ?? '(none)'}${health.branch ? ` (${health.branch})` : ''}`,
        `empty: ${health.empty}  shallow: ${health.shallow}  partial: ${health.partial}  commit-graph: ${health.commitGraph}  bloom filters: ${health.bloomFilters}`,
      );
    }
    io.stdout(lines.join('\n') + '\n');
  }
  return health.ok ? 0 : 2;
}
