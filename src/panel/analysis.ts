// Running an analysis from a command: every target repository concurrently, under one cancellable
// progress notification with per-repository progress (phase, files and commits done of total).
// Cancel aborts the engine through an AbortSignal (both engines reject with EngineError ABORTED and
// stop their work: the native one checks the signal between files and commits, the git one kills
// its processes); a cancel shows no error, it is logged with how long the engine took to stop.

import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';

import * as vscode from 'vscode';

import type { AnalysisProgress, AnalysisSettings, CommitRecord, Engine, RepositoryAnalysis } from '../engine/types';
import type { Log } from '../log';
import { buildRepositoryReport } from '../report/model';
import type { ReportRun } from '../report/protocol';
import type { ReportSettings } from '../report/settings';
import { buildTimeline } from '../report/timeline';
import { notificationText } from '../report/format/sanitize';

export interface AnalysisTarget {
  repo: string;
  /** Overrides the subfolder setting (Analyze Folder). */
  subfolder?: string;
}

/** Share of one repository's work done, 0..1, from its last progress report. */
export function progressFraction(p: AnalysisProgress | undefined): number {
  if (!p) return 0;
  switch (p.phase) {
    case 'listing':
      return 0.02;
    case 'history':
      return 0.05 + 0.45 * (p.commitsTotal > 0 ? p.commitsDone / p.commitsTotal : 0);
    case 'blame':
      return 0.5 + 0.5 * (p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0);
    case 'done':
      return 1;
  }
}

export function describeProgress(name: string, p: AnalysisProgress | undefined): string {
  if (!p) return `${name}: starting`;
  if (p.phase === 'done') return `${name}: done`;
  return `${name}: ${p.phase}, ${p.filesDone}/${p.filesTotal} files, ${p.commitsDone}/${p.commitsTotal} commits`;
}

function isAbort(err: unknown): boolean {
  return (err as { code?: string })?.code === 'ABORTED' || (err as Error)?.name === 'AbortError';
}

/**
 * Analyses `targets`; resolves with the run, or undefined when cancelled or when nothing could be
 * analysed (then the user was told why). Repositories that fail are reported and left out.
 */
export async function analyzeWithProgress(engine: Engine, targets: AnalysisTarget[], settings: ReportSettings, scope: string, log: Log): Promise<ReportRun | undefined> {
  const started = performance.now();
  // Shown in the progress notification: repository text, kept from forming links.
  const names = targets.map((t) => notificationText(basename(t.repo) + (t.subfolder ? `/${t.subfolder}` : '')));
  const title = targets.length === 1 ? `Git Authorship: analysing ${names[0]}` : `Git Authorship: analysing ${targets.length} repositories`;
  log.info(`analysis of ${scope}: ${targets.map((t) => t.repo + (t.subfolder ? ` (subfolder ${t.subfolder})` : '')).join(', ')}`);

  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    let cancelledAt: number | undefined;
    token.onCancellationRequested(() => {
      cancelledAt = performance.now();
      log.info(`analysis of ${scope}: cancel requested`);
      controller.abort();
    });
    const latest: (AnalysisProgress | undefined)[] = targets.map(() => undefined);
    let reported = 0;
    let lastMessage = 0;
    const report = (force = false): void => {
      const now = performance.now();
      if (!force && now - lastMessage < 150) return;
      lastMessage = now;
      const fraction = latest.reduce((sum, p) => sum + progressFraction(p), 0) / targets.length;
      const increment = Math.max(0, fraction * 100 - reported);
      reported += increment;
      progress.report({ increment, message: targets.map((_, i) => describeProgress(names[i]!, latest[i])).join('; ') });
    };

    // The timeline's commit records come from extractCommits, beside the analysis (same window,
    // same cancel). A failure there costs the Timeline tab only, not the report.
    const commitLists = targets.map((t) =>
      engine.extractCommits(t.repo, { since: settings.analysis.since, until: settings.analysis.until, signal: controller.signal }).catch((err: unknown) => {
        if (!isAbort(err)) log.warn(`extractCommits of ${t.repo} failed; no timeline: ${(err as Error)?.message ?? err}`);
        return undefined;
      }),
    );
    const results = await Promise.allSettled(
      targets.map((t, i) => {
        const s: AnalysisSettings = { ...settings.analysis };
        if (t.subfolder !== undefined) s.subfolder = t.subfolder;
        return engine.analyzeRepository(t.repo, s, (p) => {
          latest[i] = p;
          report();
        }, controller.signal);
      }),
    );
    const commits = await Promise.all(commitLists);
    if (controller.signal.aborted) {
      const stopMs = cancelledAt === undefined ? 0 : performance.now() - cancelledAt;
      log.info(`analysis of ${scope} cancelled; the engine stopped ${Math.round(stopMs)} ms after the cancel`);
      vscode.window.setStatusBarMessage('Git Authorship: analysis cancelled', 5000);
      return undefined;
    }
    report(true);
    const analyses: RepositoryAnalysis[] = [];
    const analysedCommits: (CommitRecord[] | undefined)[] = [];
    const failures: string[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        analyses.push(r.value);
        analysedCommits.push(commits[i]);
      }
      else if (!isAbort(r.reason)) {
        const err = r.reason as { code?: string; message?: string };
        failures.push(`${names[i]}: ${err.code ? `${err.code}: ` : ''}${notificationText(err.message ?? String(r.reason))}`);
        log.error(`analysis of ${targets[i]!.repo} failed: ${(r.reason as Error)?.stack ?? r.reason}`);
      }
    });
    if (failures.length) void vscode.window.showWarningMessage(`Git Authorship: could not analyse ${failures.join('; ')}`);
    if (analyses.length === 0) return undefined;
    const info = engine.info();
    const totalMs = performance.now() - started;
    log.info(`analysis of ${scope} finished in ${Math.round(totalMs)} ms (${info.backend} engine)`);
    const now = Math.floor(Date.now() / 1000);
    const run: ReportRun = {
      analyses,
      now,
      totalMs,
      timelines: analyses.map((analysis, i) => {
        const list = analysedCommits[i];
        if (!list) return undefined;
        // The timeline gives commits to the report's merged people, so it needs the report's authors.
        const rep = buildRepositoryReport(analysis, { now });
        return { month: buildTimeline(rep, list, settings.analysis, 'month'), week: buildTimeline(rep, list, settings.analysis, 'week') };
      }),
      display: settings.display,
      engine: { backend: info.backend, version: info.version, ...(info.fallbackReason ? { fallbackReason: info.fallbackReason } : {}) },
      scope,
      finishedAt: Date.now(),
    };

    return run;
  });
}
