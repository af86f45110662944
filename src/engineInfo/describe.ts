// Plain-text description of the running engine and of each folder's repository health,
// shared by the extension command and the CLI's `info`. No `vscode` here.

import type { EngineInfo, HealthReport } from '../engine/types';

export function describeEngine(info: EngineInfo): string {
  const libs = Object.entries(info.libraries)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const lines = [
    `Engine: ${info.backend} (${info.name} ${info.version}) on ${info.platform}, ${info.threads} threads`,
    `Libraries: ${libs || 'none'}`,
  ];
  if (info.fallbackReason) lines.push(`Native engine not in use: ${info.fallbackReason}`);
  return lines.join('\n');
}

export function describeHealth(folder: string, health: HealthReport): string {
  if (!health.ok) {
    return `${folder}: ${health.error?.message ?? 'not usable'}${health.error ? ` [${health.error.code}]` : ''}`;
  }
  const facts = [
    health.empty ? 'no commits yet' : `HEAD ${health.head?.slice(0, 12)}${health.branch ? ` (${health.branch})` : ' (detached)'}`,
    health.commitGraph ? `commit-graph${health.bloomFilters ? ' with Bloom filters' : ' without Bloom filters'}` : 'no commit-graph',
  ];
  if (health.shallow) facts.push('shallow clone');
  if (health.partial) facts.push('partial clone');
  return `${folder}: ${facts.join(', ')}`;
}

/** One line for a notification: which engine, and how many folders are usable repositories. */
export function summarizeEngine(info: EngineInfo, healths: HealthReport[]): string {
  const usable = healths.filter((h) => h.ok).length;
  const engine = info.backend === 'native' ? `native engine ${info.version}` : 'git fallback engine';
  return `Git Authorship: ${engine} (${info.platform}); ${usable} of ${healths.length} workspace folders are git repositories.`;
}
