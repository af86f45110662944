// The blame of every document shown in an editor, kept current: one engine call per document at a
// time (aborted when superseded), a LineMap that follows typing without the engine, a debounced
// re-blame with `contents` when the map says it is not enough, and invalidation when git state
// changes. The views (inline, status bar, hover, file blame) read from here and listen to
// `onDidChange`.
//
// What is never blamed (and costs nothing): untitled and other non-file documents (diff sides of
// other revisions, output, settings) — except our own read-only revision document that "Blame
// Previous Revision" opened with file blame on —, files
// outside a work tree, documents over `maxLines`. Untracked, ignored and binary files cost one
// engine call whose negative answer is cached until the repository changes.

import * as vscode from 'vscode';

import { BlameCache } from '../blame/cache';
import { fileAtRevision } from '../blame/gitQueries';
import { LineMap, type LineBlame, type TextChange } from '../blame/lineMap';
import { findRepo, locateShownFile, type RepoLocation } from '../blame/repoRoot';
import type { EngineService } from '../engineService';
import type { BlameResult } from '../engine/types';
import type { Log } from '../log';
import { parseRevisionUri } from './revisionContent';
import type { BlameSettings } from './settings';

/** Quiet time after an edit before a re-blame the map asked for (ms). */
const REBLAME_DEBOUNCE_MS = 600;

/** Engine answers that mean "this file has no blame": cached, not logged as failures. */
const NO_BLAME_CODES = new Set(['PATH_NOT_IN_REVISION', 'BINARY_FILE', 'NOT_A_REPOSITORY', 'EMPTY_REPOSITORY', 'IS_SUBMODULE', 'IS_DIRECTORY', 'BAD_REVISION']);

interface Base {
  result: BlameResult;
  /** The file at the blamed revision (for the map's re-blame decision). */
  committed: string;
}

export interface DocBlame {
  uri: vscode.Uri;
  repo: RepoLocation;
  /** Path relative to the work tree. */
  path: string;
  /** `HEAD`, or the commit of a revision document. */
  rev: string;
  map?: LineMap;
  /** Why there is no blame (an engine code, `too-large`), when there is none. */
  none?: string;
  inflight?: AbortController;
  /** Changes made while the engine was working, replayed onto its answer. */
  pending: TextChange[];
  timer?: ReturnType<typeof setTimeout>;
}

function toChange(c: vscode.TextDocumentContentChangeEvent): TextChange {
  return { startLine: c.range.start.line, startCharacter: c.range.start.character, endLine: c.range.end.line, endCharacter: c.range.end.character, text: c.text };
}

export class BlameStore implements vscode.Disposable {
  private readonly docs = new Map<string, DocBlame>();
  private readonly cache = new BlameCache<Base>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly emitterRepo = new vscode.EventEmitter<RepoLocation>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Documents whose blame some view wants even when inline and status bar are off (file blame). */
  private readonly wanted = new Set<string>();
  /** Engine calls made (for tests and logs). */
  engineCalls = 0;

  /** A document's blame changed (new answer, edit mapped, cleared). */
  readonly onDidChange = this.emitter.event;
  /** A repository was seen for the first time (the git watcher starts watching it). */
  readonly onDidSeeRepo = this.emitterRepo.event;

  constructor(
    private readonly engines: EngineService,
    private readonly log: Log,
    private settings: BlameSettings,
  ) {
    this.subscriptions.push(
      this.emitter,
      this.emitterRepo,
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshVisible()),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.drop(d.uri)),
    );
  }

  private readonly seenRepos = new Set<string>();
  private readonly outside = new Set<string>();

  /** Blame is on for this document when any view needs it. */
  private needed(uri: vscode.Uri): boolean {
    return this.settings.inlineEnabled || this.settings.statusBarEnabled || this.wanted.has(uri.toString());
  }

  want(uri: vscode.Uri, on: boolean): void {
    if (on) this.wanted.add(uri.toString());
    else this.wanted.delete(uri.toString());
  }

  get(uri: vscode.Uri): DocBlame | undefined {
    return this.docs.get(uri.toString());
  }

  lineBlame(uri: vscode.Uri, line: number): LineBlame | undefined {
    return this.docs.get(uri.toString())?.map?.lineBlame(line);
  }

  updateSettings(settings: BlameSettings): void {
    const blameChanged = settings.ignoreWhitespace !== this.settings.ignoreWhitespace || settings.maxLines !== this.settings.maxLines;
    this.settings = settings;
    if (blameChanged) {
      this.cache.clear();
      for (const d of [...this.docs.values()]) this.drop(d.uri);
    }
    this.refreshVisible();
  }

  /** Git state of a repository changed: forget its blames and blame its visible documents again. */
  invalidateRepo(workTree: string): void {
    const n = this.cache.invalidateRepo(workTree);
    this.log.debug(`blame: ${workTree} changed; ${n} cached blames dropped`);
    for (const d of this.docs.values()) {
      if (d.repo.workTree === workTree) void this.blame(d);
    }
  }

  /** Makes sure every visible editor's document is blamed (or known to have none). */
  refreshVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) void this.ensure(editor.document);
  }

  async ensure(doc: vscode.TextDocument): Promise<DocBlame | undefined> {
    const key = doc.uri.toString();
    const known = this.docs.get(key);
    if (known) return known;
    if (!this.needed(doc.uri)) return undefined;
    // Other revisions (our read-only documents, diff sides) only when asked for: Blame Previous Revision.
    if (doc.uri.scheme !== 'file' && !this.wanted.has(key)) return undefined;
    if (this.outside.has(key)) return undefined;
    const located = await this.locate(doc);
    if (!located) {
      // Outside any work tree (or not a file): not looked up again until the document is reopened.
      this.outside.add(key);
      return undefined;
    }
    if (this.docs.has(key)) return this.docs.get(key);
    const state: DocBlame = { ...located, uri: doc.uri, pending: [] };
    this.docs.set(key, state);
    if (!this.seenRepos.has(located.repo.gitDir)) {
      this.seenRepos.add(located.repo.gitDir);
      this.emitterRepo.fire(located.repo);
    }
    await this.blame(state);
    return state;
  }

  private async locate(doc: vscode.TextDocument): Promise<Pick<DocBlame, 'repo' | 'path' | 'rev'> | undefined> {
    if (doc.uri.scheme === 'file') {
      const shown = await locateShownFile(doc.uri.fsPath);
      return shown && { ...shown, rev: 'HEAD' };
    }
    const ref = parseRevisionUri(doc.uri);
    if (ref?.rev) {
      const repo = await findRepo(`${ref.repo}/${ref.path}`);
      return repo ? { repo, path: ref.path, rev: ref.rev } : undefined;
    }
    return undefined;
  }

  private document(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  }

  /** Blames the document's current text (cache first); replaces the map. */
  private async blame(state: DocBlame): Promise<void> {
    clearTimeout(state.timer);
    state.inflight?.abort();
    const doc = this.document(state.uri);
    if (!doc) return;
    if (doc.lineCount > this.settings.maxLines) {
      this.setNone(state, 'too-large');
      return;
    }
    const text = doc.getText();
    const key = { repo: state.repo.workTree, path: state.path, rev: state.rev, text };
    const ws = this.settings.ignoreWhitespace;
    const hit = this.cache.get(key);
    if (hit) {
      if (hit.ok) this.setMap(state, new LineMap(hit.value.result, text, ws, hit.value.committed));
      else this.setNone(state, hit.code);
      return;
    }
    const abort = new AbortController();
    state.inflight = abort;
    state.pending = [];
    const started = Date.now();
    try {
      this.engineCalls++;
      const engine = this.engines.engine;
      const [result, committed] = await Promise.all([
        engine.blameFile(state.repo.workTree, state.path, { rev: state.rev, contents: text, ignoreWhitespace: ws, signal: abort.signal }),
        fileAtRevision(state.repo.workTree, state.rev, state.path, abort.signal),
      ]);
      if (abort.signal.aborted) return;
      this.cache.set(key, { ok: true, value: { result, committed } });
      this.log.trace(`blame: ${state.path} (${result.lineCount} lines) in ${Date.now() - started} ms`);
      const map = new LineMap(result, text, ws, committed);
      map.applyChanges(state.pending);
      this.setMap(state, map);
    } catch (err) {
      if (abort.signal.aborted) return;
      const code = (err as { code?: string }).code ?? 'INTERNAL';
      if (code === 'ABORTED') return;
      if (NO_BLAME_CODES.has(code)) {
        this.cache.set(key, { ok: false, code });
      } else {
        // Logged, never shown as a popup: this can run on every pause in typing.
        this.log.warn(`blame of ${state.path} failed: ${(err as Error).message}`);
      }
      this.setNone(state, code);
    } finally {
      if (state.inflight === abort) state.inflight = undefined;
      state.pending = [];
    }
  }

  private setMap(state: DocBlame, map: LineMap): void {
    state.map = map;
    state.none = undefined;
    if (map.needsReblame) this.scheduleReblame(state);
    this.emitter.fire(state.uri);
  }

  private setNone(state: DocBlame, reason: string): void {
    state.map = undefined;
    state.none = reason;
    this.emitter.fire(state.uri);
  }

  private scheduleReblame(state: DocBlame): void {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.blame(state), REBLAME_DEBOUNCE_MS);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const state = this.docs.get(e.document.uri.toString());
    if (!state || e.contentChanges.length === 0) return;
    const changes = e.contentChanges.map(toChange);
    if (state.inflight) {
      state.pending.push(...changes);
      return;
    }
    if (!state.map) {
      // A file that had no blame may get one (it grew under maxLines; a binary answer is cached).
      if (state.none === 'too-large') this.scheduleReblame(state);
      return;
    }
    state.map.applyChanges(changes);
    if (state.map.needsReblame) this.scheduleReblame(state);
    this.emitter.fire(state.uri);
  }

  private drop(uri: vscode.Uri): void {
    const key = uri.toString();
    this.outside.delete(key);
    const state = this.docs.get(key);
    if (!state) return;
    state.inflight?.abort();
    clearTimeout(state.timer);
    this.docs.delete(key);
    this.emitter.fire(uri);
  }

  dispose(): void {
    for (const d of this.docs.values()) {
      d.inflight?.abort();
      clearTimeout(d.timer);
    }
    this.docs.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
