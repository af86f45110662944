// The report panel's webview: GitInspectorGUI's tables for a ReportRun the extension posts.
// Bundled by esbuild for the browser into dist/webview/report.js.
//
// Every string from a repository (names, emails, paths, messages) reaches the DOM through
// `textContent` or attribute setters, never through HTML parsing. Tables are real <table>s so that
// screen readers and the end-to-end harness read them; their body rows are virtualized with
// @tanstack/virtual-core (a fixed row height; spacer rows above and below the visible window), so
// 10,000 files × 1,000 authors stay a few dozen <tr>s. Tabs, buttons, the filter field and the
// repository switcher are @vscode-elements components; the colours are VS Code's theme variables.

import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import uPlot from 'uplot';
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';

import { statColumnsFor } from '../../src/report/format/columns';
import { buildRepositoryReport, type AuthorFileRow, type AuthorRow, type FileRow, type RepositoryReport, type StatColumns } from '../../src/report/model';
import { authorKey, FILTER_BAR_KEYS, TAB_IDS, TABLE_IDS, type TabId, type FilterBarValues, type FromWebview, type ReportRun, type TableId, type ToWebview, type ViewState } from '../../src/report/protocol';
import { authorColour } from './colours';
import type { BlameView } from '../../src/report/blameView';
import { peopleIndex } from '../../src/report/people';
import { combineAnalyses, type CombinedSource } from '../../src/report/combine';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const ROW_HEIGHT = 24;
const TAB_TITLES: Record<TabId, string> = { authors: 'Authors', 'authors-files': 'Authors-Files', 'files-authors': 'Files-Authors', files: 'Files', blame: 'Blame', timeline: 'Timeline' };

const saved = vscode.getState() as Partial<ViewState> | undefined;
const state: ViewState = {
  repo: typeof saved?.repo === 'number' ? saved.repo : 0,
  tab: TAB_IDS.includes(saved?.tab as TabId) ? (saved!.tab as TabId) : 'authors',
  blameFile: typeof saved?.blameFile === 'string' ? saved.blameFile : undefined,
  blameHideExcluded: saved?.blameHideExcluded === true,
  blameHideEmpty: saved?.blameHideEmpty === true,
  blameNoColours: saved?.blameNoColours === true,
  timelineBy: saved?.timelineBy === 'week' ? 'week' : 'month',
  timelineMeasure: saved?.timelineMeasure === 'deletions' ? 'deletions' : 'insertions',
  sort: saved?.sort && typeof saved.sort === 'object' ? saved.sort : {},
  filter: typeof saved?.filter === 'string' ? saved.filter : '',
  author: typeof saved?.author === 'string' ? saved.author : undefined,
};
let run: ReportRun | undefined;

function saveState(): void {
  vscode.setState(state);
}

// --- DOM helpers ------------------------------------------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; title?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title !== undefined) e.title = props.title;
  e.append(...children);
  return e;
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

const number = new Intl.NumberFormat('en-US');

// --- columns ----------------------------------------------------------------------------------

type AnyRow = AuthorRow | FileRow | AuthorFileRow;

interface ViewColumn<Row> {
  header: string;
  /** The cell's text (what readWebviewTable reads and the CSV holds). */
  text: (row: Row) => string;
  /** What sorting compares. */
  key: (row: Row) => number | string;
  numeric?: boolean;
  /** Width in `ch` for the fixed table layout. */
  width: number;
  /** Adds more than text (a colour swatch, a link). */
  render?: (td: HTMLTableCellElement, row: Row) => void;
}

/** The model's stat columns (headers and formatting shared with the CLI), with sort keys. */
function statColumns<Row extends StatColumns>(): ViewColumn<Row>[] {
  const d = run!.display;
  return statColumnsFor<Row>({ deletions: d.deletions, scaled: d.scaledPercentages, lineAge: true }).map((c) => ({
    header: c.header,
    text: (r: Row) => (c.header.startsWith('%') || c.header.startsWith('Scaled') ? `${c.value(r)}` : typeof c.value(r) === 'number' ? number.format(c.value(r) as number) : String(c.value(r))),
    key: c.header === 'Age' ? (r: Row) => r.ageSeconds : c.header === 'Line Age' ? (r: Row) => r.lineAgeSeconds : (r: Row) => Number(c.value(r)),
    numeric: true,
    width: c.header.length > 10 ? 12 : 10,
  }));
}

function authorCell(td: HTMLTableCellElement, name: string, email: string, colourIndex: number): void {
  const swatch = el('span', { className: `swatch author-${colourIndex}` });
  swatch.setAttribute('aria-hidden', 'true');
  const link = el('a', { className: 'author-link', text: name, title: `${name} <${email}>: show only this person in every tab` });
  link.href = '#';
  link.dataset.author = authorKey(name, email);
  td.replaceChildren(swatch, link);
}

function fileCell(td: HTMLTableCellElement, path: string, former: string[]): void {
  const link = el('a', { className: 'file-link', text: path, title: former.length ? `${path}\nformerly: ${former.join(', ')}` : `Open ${path} with file blame` });
  link.href = '#';
  link.dataset.path = path;
  td.replaceChildren(link);
}

function columnsFor(table: TableId, report: RepositoryReport, colours: Map<string, number>): ViewColumn<AnyRow>[] {
  const showRenames = run!.display.showRenames;
  const colourOf = (name: string, email: string): number => colours.get(authorKey(name, email)) ?? 0;
  const idCol: ViewColumn<AuthorRow | FileRow> = { header: 'ID', text: (r) => String(r.id), key: (r) => r.id, numeric: true, width: 5 };
  const text = (v: string): string => v;
  void report;
  switch (table) {
    case 'authors': {
      const cols: ViewColumn<AuthorRow>[] = [
        idCol,
        { header: 'Author', text: (r) => r.name, key: (r) => r.name.toLowerCase(), width: 22, render: (td, r) => authorCell(td, r.name, r.email, colourOf(r.name, r.email)) },
        { header: 'Email', text: (r) => r.email, key: (r) => r.email.toLowerCase(), width: 24 },
      ];
      if (showRenames) cols.push({ header: 'Aliases', text: (r) => r.aliases.map((a) => `${a.name} <${a.email}>`).join('; '), key: (r) => r.aliases.length, width: 30 });
      return [...cols, ...statColumns<AuthorRow>()] as ViewColumn<AnyRow>[];
    }
    case 'files': {
      const cols: ViewColumn<FileRow>[] = [idCol, { header: 'File', text: (r) => r.path, key: (r) => r.path, width: 40, render: (td, r) => fileCell(td, r.path, r.formerPaths) }];
      if (showRenames) cols.push({ header: 'Former names', text: (r) => r.formerPaths.join('; '), key: (r) => r.formerPaths.length, width: 30 });
      return [...cols, ...statColumns<FileRow>()] as ViewColumn<AnyRow>[];
    }
    case 'authors-files':
    case 'files-authors': {
      const author: ViewColumn<AuthorFileRow> = {
        header: 'Author',
        text: (r) => text(r.author),
        key: (r) => r.author.toLowerCase(),
        width: 22,
        render: (td, r) => authorCell(td, r.author, r.email, colourOf(r.author, r.email)),
      };
      const file: ViewColumn<AuthorFileRow> = { header: 'File', text: (r) => r.file, key: (r) => r.file, width: 40, render: (td, r) => fileCell(td, r.file, []) };
      const first = table === 'authors-files' ? [author, file] : [file, author];
      return [...first, ...statColumns<AuthorFileRow>()] as ViewColumn<AnyRow>[];
    }
  }
}

/** Rows of a table after the author selection and the text filter, then sorted. */
function rowsFor(table: TableId, report: RepositoryReport, columns: ViewColumn<AnyRow>[]): AnyRow[] {
  let rows: AnyRow[];
  const who = state.author;
  switch (table) {
    case 'authors':
      rows = who ? report.authors.filter((a) => authorKey(a.name, a.email) === who) : report.authors;
      break;
    case 'files': {
      if (who) {
        const touched = new Set(report.filesAuthors.filter((r) => authorKey(r.author, r.email) === who).map((r) => r.file));
        rows = report.files.filter((f) => touched.has(f.path));
      } else rows = report.files;
      break;
    }
    case 'authors-files':
    case 'files-authors': {
      const all = table === 'authors-files' ? report.authorsFiles : report.filesAuthors;
      rows = who ? all.filter((r) => authorKey(r.author, r.email) === who) : all;
      break;
    }
  }
  const needle = state.filter.trim().toLowerCase();
  if (needle) {
    const textual = columns.filter((c) => !c.numeric);
    rows = rows.filter((r) => textual.some((c) => c.text(r).toLowerCase().includes(needle)));
  }
  const sort = state.sort[table];
  const column = sort && columns.find((c) => c.header === sort.column);
  if (sort && column) {
    const dir = sort.descending ? -1 : 1;
    rows = rows
      .map((row, i) => ({ row, i, k: column.key(row) }))
      .sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i))
      .map((x) => x.row);
  }
  return rows;
}

// --- one virtualized table --------------------------------------------------------------------

class VirtualTable<Row = AnyRow> {
  readonly scroller: HTMLDivElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly head: HTMLTableSectionElement;
  private readonly foot: HTMLTableSectionElement;
  private readonly colgroup: HTMLTableColElement;
  private readonly virtualizer: Virtualizer<HTMLDivElement, HTMLTableRowElement>;
  private columns: ViewColumn<Row>[] = [];
  private rows: Row[] = [];
  private rowClass: ((row: Row) => string) | undefined;

  constructor(readonly id: string) {
    this.scroller = el('div', { className: 'table-scroll' });
    this.scroller.id = `${id}-scroll`;
    this.table = el('table', { className: 'report-table' });
    this.table.id = `${id}-table`;
    this.colgroup = el('colgroup');
    this.head = el('thead');
    this.body = el('tbody');
    this.foot = el('tfoot');
    this.table.append(this.colgroup, this.head, this.body, this.foot);
    this.scroller.append(this.table);
    this.virtualizer = new Virtualizer<HTMLDivElement, HTMLTableRowElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      overscan: 12,
      // Until the scroller is measured (a hidden tab), draw a screenful rather than nothing.
      initialRect: { width: 1000, height: 800 },
      observeElementRect,
      observeElementOffset,
      scrollToFn: elementScroll,
      onChange: () => this.drawBody(),
    });
    this.virtualizer._didMount();
  }

  /** New columns, rows and totals; keeps the scroll position when only the order changed. */
  setData(columns: ViewColumn<Row>[], rows: Row[], totals: StatColumns | undefined, sort: { column: string; descending: boolean } | undefined, rowClass?: (row: Row) => string): void {
    this.columns = columns;
    this.rows = rows;
    this.rowClass = rowClass;
    this.colgroup.replaceChildren(
      ...columns.map((c) => {
        const col = el('col');
        col.style.width = `${c.width + 2}ch`;
        return col;
      }),
    );
    const headRow = el('tr');
    for (const c of columns) {
      const th = el('th', { text: c.header, className: c.numeric ? 'num sortable' : 'sortable', title: `Sort by ${c.header}` });
      th.dataset.column = c.header;
      th.setAttribute('aria-sort', sort?.column === c.header ? (sort.descending ? 'descending' : 'ascending') : 'none');
      th.tabIndex = 0;
      headRow.append(th);
    }
    this.head.replaceChildren(headRow);
    if (totals) {
      const tr = el('tr', { className: 'totals' });
      columns.forEach((c, i) => {
        const stat = statColumns<StatColumns>().find((s) => s.header === c.header);
        tr.append(el('td', { className: c.numeric ? 'num' : '', text: stat ? stat.text(totals) : i === (this.id === 'authors' || this.id === 'files' ? 1 : 0) ? 'Total' : '' }));
      });
      this.foot.replaceChildren(tr);
    } else this.foot.replaceChildren();
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: rows.length });
    this.virtualizer._willUpdate();
    this.drawBody();
  }

  private drawBody(): void {
    const items = this.virtualizer.getVirtualItems();
    const total = this.virtualizer.getTotalSize();
    const out: HTMLTableRowElement[] = [];
    const spacer = (height: number): HTMLTableRowElement => {
      const tr = el('tr', { className: 'spacer' });
      tr.setAttribute('aria-hidden', 'true');
      const td = el('td');
      td.colSpan = Math.max(1, this.columns.length);
      td.style.height = `${height}px`;
      tr.append(td);
      return tr;
    };
    const first = items[0];
    const last = items[items.length - 1];
    if (first && first.start > 0) out.push(spacer(first.start));
    for (const item of items) {
      const row = this.rows[item.index];
      if (!row) continue;
      const tr = el('tr', { className: this.rowClass ? `row ${this.rowClass(row)}` : 'row' });
      tr.dataset.index = String(item.index);
      for (const c of this.columns) {
        const td = el('td', { className: c.numeric ? 'num' : '' });
        if (c.render) c.render(td, row);
        else td.textContent = c.text(row);
        if (!c.numeric) td.title = c.text(row);
        tr.append(td);
      }
      out.push(tr);
    }
    if (last && total - last.end > 0) out.push(spacer(total - last.end));
    if (this.rows.length === 0) {
      const tr = el('tr', { className: 'empty' });
      const td = el('td', { text: state.filter || state.author ? 'No rows match the filter.' : 'No rows.' });
      td.colSpan = Math.max(1, this.columns.length);
      tr.append(td);
      out.push(tr);
    }
    this.body.replaceChildren(...out);
  }
}

// --- the page ---------------------------------------------------------------------------------

const tables = new Map<TableId, VirtualTable>();
const blameFiles = new VirtualTable<FileRow>('blame-files');
const blameTable = new VirtualTable<BlameRow>('blame');
let blame: BlameView | undefined;
let blameError: string | undefined;

// The tables are derived here from the engine's analyses (see ReportRun), once per repository
// and for the combined view, when first shown; the pair tables when first read (lazyPairs).
const reportCache = new Map<number, RepositoryReport>();
let combined: { report: RepositoryReport; sources: CombinedSource[] } | undefined;

function combinedView(): { report: RepositoryReport; sources: CombinedSource[] } | undefined {
  if (!run || run.analyses.length < 2) return undefined;
  if (!combined) {
    const c = combineAnalyses(run.analyses);
    combined = { report: buildRepositoryReport(c.analysis, { now: run.now, lazyPairs: true }), sources: c.sources };
  }
  return combined;
}

function currentReport(): RepositoryReport | undefined {
  if (!run) return undefined;
  if (state.repo === -1 && run.analyses.length > 1) return combinedView()!.report;
  if (state.repo < 0 || state.repo >= run.analyses.length) state.repo = 0;
  let report = reportCache.get(state.repo);
  if (!report) {
    const analysis = run.analyses[state.repo];
    if (!analysis) return undefined;
    report = buildRepositoryReport(analysis, { now: run.now, lazyPairs: true });
    reportCache.set(state.repo, report);
  }
  return report;
}

/** The repository and path on disk of a file of the current view (the combined view names files `<repository>/<path>`). */
function fileOnDisk(path: string): { repo: string; path: string } | undefined {
  const report = currentReport();
  if (!report) return undefined;
  const all = state.repo === -1 ? combinedView() : undefined;
  if (!all) return { repo: report.path, path };
  const slash = path.indexOf('/');
  const source = all.sources.find((s) => s.prefix === path.slice(0, slash));
  return source ? { repo: source.repo, path: path.slice(slash + 1) } : undefined;
}

/** One colour per person, by rank in the Authors table: the same in every tab. */
function coloursOf(report: RepositoryReport): Map<string, number> {
  return new Map(report.authors.map((a, i) => [authorKey(a.name, a.email), authorColour(i)]));
}

/**
 * Tabs whose content is out of date. Only the visible tab is drawn when something changes (filtering
 * and sorting 100,000 author×file rows for four hidden tables would be wasted); the others are drawn
 * when they are shown.
 */
const stale = new Set<TabId>();

function renderTables(): void {
  const report = currentReport();
  if (!report) return;
  for (const id of TAB_IDS) stale.add(id);
  renderTab(state.tab);
  renderAuthorChip(report);
  renderFooter(report);
}

function renderTab(tab: TabId): void {
  const report = currentReport();
  if (!report || !stale.delete(tab)) return;
  const colours = coloursOf(report);
  if (tab === 'blame') renderBlame(report, colours);
  else if (tab === 'timeline') renderCharts();
  else {
    const columns = columnsFor(tab, report, colours);
    const totals = tab === 'authors' ? report.authorsTotal : tab === 'files' ? report.filesTotal : undefined;
    tables.get(tab)!.setData(columns, rowsFor(tab, report, columns), totals, state.sort[tab]);
  }
}

function renderAuthorChip(report: RepositoryReport): void {
  const chip = byId('author-chip');
  const person = state.author ? report.authors.find((a) => authorKey(a.name, a.email) === state.author) : undefined;
  if (!state.author) {
    chip.hidden = true;
    chip.replaceChildren();
    return;
  }
  const [name, email] = state.author.split('\0') as [string, string];
  const swatch = el('span', { className: `swatch author-${person ? authorColour(report.authors.indexOf(person)) : 0}` });
  const clear = el('button', { className: 'chip-clear', text: '×', title: 'Show every author' });
  clear.id = 'clear-author';
  clear.setAttribute('aria-label', 'Show every author');
  chip.replaceChildren(swatch, el('span', { text: `${name} <${email}>` }), clear);
  chip.hidden = false;
}

function renderFooter(report: RepositoryReport): void {
  const footer = byId('footer');
  const analyses = run!.analyses;
  const stats =
    state.repo === -1
      ? {
          filesAnalyzed: analyses.reduce((n, r) => n + r.stats.filesAnalyzed, 0),
          commitsWalked: analyses.reduce((n, r) => n + r.stats.commitsWalked, 0),
          linesAnalyzed: analyses.reduce((n, r) => n + r.stats.linesAnalyzed, 0),
          phases: [{ name: `${analyses.length} repositories`, ms: run!.totalMs }],
        }
      : analyses[state.repo]?.stats;
  const parts: string[] = [];
  const engine = run!.engine;
  parts.push(`Engine: ${engine.backend === 'native' ? 'native' : 'git fallback'} ${engine.version}`);
  if (stats) {
    parts.push(stats.phases.map((p) => `${p.name} ${formatMs(p.ms)}`).join(', '));
    parts.push(`${number.format(stats.filesAnalyzed)} files, ${number.format(stats.commitsWalked)} commits, ${number.format(stats.linesAnalyzed)} lines analysed`);
  }
  if (report.skipped.length) {
    const reasons = new Map<string, number>();
    for (const s of report.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    parts.push(`${number.format(report.skipped.length)} files skipped (${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')})`);
  } else parts.push('no files skipped');
  parts.push(`total ${formatMs(run!.totalMs)}`);
  footer.textContent = parts.join(' · ');
  footer.title = [
    ...(engine.fallbackReason ? [`Native engine not used: ${engine.fallbackReason}`] : []),
    ...report.skipped.slice(0, 50).map((s) => `skipped ${s.path}: ${s.reason}`),
    ...report.warnings.map((w) => `warning: ${w.message}`),
  ].join('\n');
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function renderRepoSwitcher(): void {
  const select = byId('repo-select') as HTMLElement & { value: string };
  const reports = run?.analyses ?? [];
  const options = reports.map((r, i) => {
    const option = el('vscode-option', { text: `${r.name} — ${r.path}` });
    option.setAttribute('value', String(i));
    if (i === state.repo) option.setAttribute('selected', '');
    return option;
  });
  if (reports.length > 1) {
    const all = el('vscode-option', { text: `All ${reports.length} repositories (combined)` });
    all.setAttribute('value', '-1');
    if (state.repo === -1) all.setAttribute('selected', '');
    options.unshift(all);
  }
  select.replaceChildren(...options);
  select.hidden = reports.length < 2;
  byId('repo-label').hidden = reports.length < 2;
  if (reports.length >= 2) select.value = String(state.repo);
}

function renderAll(): void {
  const report = currentReport();
  byId('empty').hidden = !!report;
  byId('report').hidden = !report;
  if (!report) return;
  byId('title').textContent = report.head ? `${report.name} (${report.head.slice(0, 12)})` : report.name;
  byId('title').title = report.path;
  renderRepoSwitcher();
  renderTables();
  selectTab(state.tab);
  if (state.tab === 'blame') ensureBlame();
}

function selectTab(tab: TabId): void {
  const tabs = byId('tabs') as HTMLElement & { selectedIndex: number };
  tabs.selectedIndex = TAB_IDS.indexOf(tab);
}

/** A tab's header and its (empty) panel. */
function tabParts(id: TabId): [HTMLElement, HTMLElement] {
  const header = el('vscode-tab-header', { text: TAB_TITLES[id] });
  header.setAttribute('slot', 'header');
  // vscode-tabs gives headers ids of its own; `data-tab` is ours (tests and styles use it).
  header.dataset.tab = id;
  return [header, el('vscode-tab-panel')];
}

function build(): void {
  const tabs = byId('tabs');
  for (const id of TABLE_IDS) {
    const [header, panel] = tabParts(id);
    const table = new VirtualTable(id);
    tables.set(id, table);
    panel.append(table.scroller);
    tabs.append(header, panel);
  }
  tabs.append(...buildBlameTab(), ...buildTimelineTab());
  tabs.addEventListener('vsc-tabs-select', (e) => {
    const index = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
    const tab = TAB_IDS[index];
    if (tab && tab !== state.tab) {
      state.tab = tab;
      saveState();
      renderTab(tab);
      if (tab === 'blame') ensureBlame();
    }
  });

  const filter = byId('filter') as HTMLElement & { value: string };
  filter.value = state.filter;
  let timer: number | undefined;
  filter.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.filter = filter.value;
      saveState();
      renderTables();
    }, 120);
  });

  byId('repo-select').addEventListener('change', (e) => {
    const value = Number((e.target as HTMLElement & { value: string }).value);
    if (Number.isInteger(value) && value !== state.repo && (value >= 0 || (run?.analyses.length ?? 0) > 1)) {
      state.repo = value;
      state.author = undefined;
      saveState();
      renderAll();
    }
  });

  document.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    const th = target.closest<HTMLElement>('th.sortable');
    if (th?.dataset.column) return sortBy(th);
    // Links in table cells: what each kind does with the value its data attribute holds.
    const links: [selector: string, key: string, act: (value: string) => void][] = [
      ['a.author-link', 'author', (v) => {
        state.author = state.author === v ? undefined : v;
        saveState();
        renderTables();
      }],
      ['a.blame-file-link', 'path', (v) => {
        state.blameFile = v;
        saveState();
        requestBlame();
      }],
      ['a.file-link', 'path', (v) => {
        const onDisk = fileOnDisk(v);
        if (onDisk) vscode.postMessage({ type: 'openFile', ...onDisk });
      }],
    ];
    for (const [selector, key, act] of links) {
      const value = target.closest<HTMLElement>(selector)?.dataset[key];
      if (value) {
        e.preventDefault();
        act(value);
        return;
      }
    }
    if (target.closest('#clear-author')) {
      state.author = undefined;
      saveState();
      renderTables();
    }
  });
  document.addEventListener('keydown', (e) => {
    const th = (e.target as HTMLElement).closest?.<HTMLElement>('th.sortable');
    if (th && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      sortBy(th);
    }
  });

  for (const [id, format] of [['export-csv', 'csv'], ['export-json', 'json'], ['export-html', 'html']] as const) {
    byId(id).addEventListener('click', () => vscode.postMessage({ type: 'export', format, table: format === 'csv' ? ((TABLE_IDS as readonly string[]).includes(state.tab) ? (state.tab as TableId) : 'files') : undefined }));
  }
  byId('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
  byId('apply-settings').addEventListener('click', () => vscode.postMessage({ type: 'rerun', values: readFilterBar() }));
  byId('save-settings').addEventListener('click', () => vscode.postMessage({ type: 'saveSettings', values: readFilterBar() }));
}

// --- the Blame tab ----------------------------------------------------------------------------

interface BlameRow {
  id: string;
  author: string;
  email: string;
  date: string;
  message: string;
  sha: string;
  line: number;
  code: string;
  colour: number | undefined;
  /** The person's key (authorKey), '' for nobody in the report. */
  person: string;
  excluded: boolean;
  empty: boolean;
}

function buildBlameTab(): HTMLElement[] {
  const [header, panel] = tabParts('blame');
  const toggles = el('div', { className: 'blame-toolbar' });
  const title = el('span', { className: 'blame-title' });
  title.id = 'blame-title';
  toggles.append(title);
  for (const [id, label, key] of [
    ['blame-hide-excluded', 'Hide excluded lines', 'blameHideExcluded'],
    ['blame-hide-empty', 'Hide empty lines', 'blameHideEmpty'],
    ['blame-no-colours', 'No colours', 'blameNoColours'],
  ] as const) {
    const box = el('vscode-checkbox') as HTMLElement & { checked: boolean };
    box.id = id;
    box.setAttribute('label', label);
    box.checked = state[key] === true;
    box.addEventListener('change', () => {
      state[key] = box.checked;
      saveState();
      renderTables();
    });
    toggles.append(box);
  }
  const files = el('div', { className: 'blame-files' }, blameFiles.scroller);
  const main = el('div', { className: 'blame-main' }, toggles, blameTable.scroller);
  panel.append(el('div', { className: 'blame-layout' }, files, main));
  return [header, panel];
}

/** Whether `view` is the blame of the Blame tab's chosen file. */
function blameMatches(view: { repo: string; path: string } | undefined): boolean {
  const target = state.blameFile ? fileOnDisk(state.blameFile) : undefined;
  return !!view && !!target && view.repo === target.repo && view.path === target.path;
}

function requestBlame(): void {
  const report = currentReport();
  if (!report || !state.blameFile) return;
  blame = undefined;
  blameError = undefined;
  renderTables();
  const target = fileOnDisk(state.blameFile);
  if (target) vscode.postMessage({ type: 'blame', ...target });
}

/** Entering the Blame tab: blame the chosen file, or the first one. */
function ensureBlame(): void {
  const report = currentReport();
  if (!report) return;
  if (!state.blameFile || !report.files.some((f) => f.path === state.blameFile)) state.blameFile = report.files[0]?.path;
  if (state.blameFile && !blameMatches(blame)) requestBlame();
}

const day = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

function renderBlame(report: RepositoryReport, colours: Map<string, number>): void {
  // The file list follows the author selection and the text filter like the Files table.
  const fileColumns: ViewColumn<FileRow>[] = [
    {
      header: 'File',
      text: (r) => r.path,
      key: (r) => r.path,
      width: 34,
      render: (td, r) => {
        const link = el('a', { className: r.path === state.blameFile ? 'blame-file-link selected' : 'blame-file-link', text: r.path, title: `Blame ${r.path}` });
        link.href = '#';
        link.dataset.path = r.path;
        td.replaceChildren(link);
      },
    },
    { header: 'Lines', text: (r) => number.format(r.totalLines), key: (r) => r.totalLines, numeric: true, width: 7 },
  ];
  blameFiles.setData(fileColumns, rowsFor('files', report, columnsFor('files', report, colours)) as FileRow[], undefined, state.sort['blame-files']);

  // People by alias, for the author ID and colour of each blamed line.
  const people = peopleIndex(report);
  const title = byId('blame-title');
  let rows: BlameRow[] = [];
  if (blame && blameMatches(blame)) {
    const b = blame;
    title.textContent = `${b.path} at ${b.rev.slice(0, 12)}: ${number.format(b.text.length)} lines`;
    const commitRows = b.commits.map((c) => {
      const person = people.find(c.author, c.email);
      return {
        id: person === undefined ? '' : String(report.authors[person]!.id),
        author: person === undefined ? c.author : report.authors[person]!.name,
        email: c.email,
        date: day(c.time),
        message: c.summary,
        sha: c.sha.slice(0, 8),
        colour: person === undefined ? undefined : colours.get(authorKey(report.authors[person]!.name, report.authors[person]!.email)),
        person: person === undefined ? '' : authorKey(report.authors[person]!.name, report.authors[person]!.email),
        excluded: people.excluded(c.author, c.email),
      };
    });
    rows = b.text.map((code, i) => ({ ...commitRows[b.lineCommit[i]!]!, line: i + 1, code, empty: code.trim() === '' }));
    if (state.blameHideExcluded) rows = rows.filter((r) => !r.excluded);
    if (state.blameHideEmpty) rows = rows.filter((r) => !r.empty);
    // The author selection filters this tab too: only that person's lines.
    if (state.author) rows = rows.filter((r) => r.person === state.author);
  } else {
    title.textContent = blameError ? `${state.blameFile}: ${blameError}` : state.blameFile ? `Blaming ${state.blameFile}…` : 'Choose a file.';
  }
  const blameColumns: ViewColumn<BlameRow>[] = [
    { header: 'ID', text: (r) => r.id, key: (r) => Number(r.id) || 0, numeric: true, width: 4 },
    { header: 'Author', text: (r) => r.author, key: (r) => r.author.toLowerCase(), width: 18 },
    { header: 'Date', text: (r) => r.date, key: (r) => r.date, width: 10 },
    { header: 'Message', text: (r) => r.message, key: (r) => r.message.toLowerCase(), width: 26 },
    { header: 'SHA', text: (r) => r.sha, key: (r) => r.sha, width: 8 },
    { header: 'Line', text: (r) => String(r.line), key: (r) => r.line, numeric: true, width: 6 },
    { header: 'Code', text: (r) => r.code, key: (r) => r.code, width: 80 },
  ];
  const sort = state.sort['blame'];
  const column = sort && blameColumns.find((c) => c.header === sort.column);
  if (sort && column) {
    const dir = sort.descending ? -1 : 1;
    rows = rows.map((row, i) => ({ row, i, k: column.key(row) })).sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i)).map((x) => x.row);
  }
  const noColours = state.blameNoColours;
  blameTable.setData(blameColumns, rows, undefined, sort, (r) => `${r.excluded ? 'excluded ' : ''}${!noColours && r.colour !== undefined ? `blame-author-${r.colour}` : ''}`);
}

// --- the Timeline tab: share charts and insertions/deletions over time (uPlot) ------------------

const charts: uPlot[] = [];

function buildTimelineTab(): HTMLElement[] {
  const [header, panel] = tabParts('timeline');
  const toolbar = el('div', { className: 'blame-toolbar' });
  const choose = (id: string, options: [string, string][], current: string, set: (v: string) => void): HTMLElement => {
    const select = el('vscode-single-select') as HTMLElement & { value: string };
    select.id = id;
    for (const [value, text] of options) {
      const o = el('vscode-option', { text });
      o.setAttribute('value', value);
      if (value === current) o.setAttribute('selected', '');
      select.append(o);
    }
    select.addEventListener('change', () => {
      set(select.value);
      saveState();
      renderCharts();
    });
    return select;
  };
  toolbar.append(
    el('span', { className: 'blame-title', text: 'Share of lines and insertions; changes over time' }),
    choose('timeline-by', [['month', 'By month'], ['week', 'By week']], state.timelineBy ?? 'month', (v) => (state.timelineBy = v === 'week' ? 'week' : 'month')),
    choose('timeline-measure', [['insertions', 'Insertions'], ['deletions', 'Deletions']], state.timelineMeasure ?? 'insertions', (v) => (state.timelineMeasure = v === 'deletions' ? 'deletions' : 'insertions')),
  );
  const shares = el('div', { className: 'charts-row' });
  for (const id of ['chart-lines', 'chart-insertions']) {
    const box = el('div', { className: 'chart' });
    box.id = id;
    shares.append(box);
  }
  const timeline = el('div', { className: 'chart chart-wide' });
  timeline.id = 'chart-timeline';
  const note = el('p', { className: 'chart-note' });
  note.id = 'timeline-note';
  panel.append(el('div', { className: 'timeline-layout' }, toolbar, shares, timeline, note));
  window.addEventListener('resize', () => {
    if (state.tab === 'timeline') renderCharts();
  });
  // The charts are canvases drawn with the theme's colours of the moment: when VS Code changes the
  // theme (the body's class, and the variables on <html>), draw them again, or mark them stale.
  const themeChanged = new MutationObserver(() => {
    if (state.tab === 'timeline') renderCharts();
    else stale.add('timeline');
  });
  themeChanged.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  themeChanged.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return [header, panel];
}

/** The author colours as the stylesheet defines them (one palette, in report.css). */
function colourValue(index: number | undefined): string {
  if (index === undefined || index < 0) return getComputedStyle(document.body).getPropertyValue('--vscode-descriptionForeground').trim() || '#888';
  const probe = el('span', { className: `author-${index}` });
  document.body.append(probe);
  const colour = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return colour;
}

/**
 * Axis colours from the theme, read when a chart is drawn (and drawn again when the theme changes):
 * labels in the foreground colour, ticks and grid in a border colour, so every theme reads.
 */
function axisStyle(): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks'> {
  const style = getComputedStyle(document.body);
  const variable = (...names: string[]): string => names.map((n) => style.getPropertyValue(n).trim()).find(Boolean) ?? '';
  const fg = variable('--vscode-foreground') || style.color;
  const grid = variable('--vscode-editorWidget-border', '--vscode-panel-border', '--vscode-widget-border') || '#8884';
  const ticks = variable('--vscode-descriptionForeground') || fg;
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: ticks, width: 1 } };
}

/** The start of the period before `start` (delta -1) or after it (+1): the timeline's padding. */
function shiftPeriod(start: number, granularity: 'month' | 'week', delta: number): number {
  if (granularity === 'week') return start + delta * 7 * 86_400;
  const d = new Date(start * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1) / 1000;
}

/** uPlot's axis font (its default), for measuring the rotated author names. */
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const LABEL_ANGLE = 30;
const LABEL_CHARS = 18;
let measure: CanvasRenderingContext2D | null | undefined;
function textWidth(text: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = AXIS_FONT;
  return measure.measureText(text).width;
}
const shortName = (name: string): string => (name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name);

const TOP_PEOPLE = 12;

function renderCharts(): void {
  const report = currentReport();
  while (charts.length) charts.pop()!.destroy();
  if (!report) return;
  const colours = coloursOf(report);
  const people = (state.author ? report.authors.filter((a) => authorKey(a.name, a.email) === state.author) : report.authors).slice(0, 20);
  // The panel's width (the tab may have been hidden a moment ago, its own width still 0).
  const width = Math.max(300, document.body.clientWidth - 40);
  const axes = axisStyle();
  const shareChart = (id: string, title: string, value: (a: AuthorRow) => number): void => {
    const box = byId(id);
    box.dataset.axisStroke = String(axes.stroke);
    const xs = people.map((_, i) => i + 1);
    const bars = uPlot.paths.bars!({ size: [0.7, 60] });
    // The names slope down to the right from their bars: the axis is as tall as the longest one
    // needs, and the right padding leaves room for the last one (else the canvas clips it).
    const names = people.map((a) => shortName(a.name));
    const widths = names.map(textWidth);
    const sin = Math.sin((LABEL_ANGLE * Math.PI) / 180);
    const cos = Math.cos((LABEL_ANGLE * Math.PI) / 180);
    const chartWidth = Math.floor(width / 2) - 8;
    const halfSlot = (chartWidth - 60) / Math.max(1, people.length) / 2;
    const reach = (widths[widths.length - 1] ?? 0) * cos + 6 * sin;
    const rightPad = Math.max(12, Math.ceil(reach - halfSlot) + 4);
    const labelSize = Math.ceil(Math.max(0, ...widths) * sin + 6 * cos) + 20;
    charts.push(
      new uPlot(
        {
          title,
          width: chartWidth,
          height: 150 + labelSize,
          padding: [null, rightPad, null, null],
          scales: { x: { time: false, range: [0.5, Math.max(1, people.length) + 0.5] }, y: { range: [0, 100] } },
          axes: [
            { ...axes, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (names[v - 1] ?? '') : '')), splits: () => xs, rotate: -LABEL_ANGLE, size: labelSize } as uPlot.Axis,
            { ...axes, values: (_u, splits) => splits.map((v) => `${v}%`) },
          ],
          series: [{ label: 'Author' }, { label: '%', paths: bars, points: { show: false }, fill: colourValue(0), stroke: colourValue(0) }],
          legend: { show: false },
          cursor: { show: false },
        },
        [xs, people.map(value)],
        box,
      ),
    );
    // uPlot fills one series with one colour; each bar takes its author's colour here instead.
    const u = charts[charts.length - 1]!;
    u.hooks.draw = [
      (plot: uPlot) => {
        const ctx = plot.ctx;
        people.forEach((a, i) => {
          const x0 = plot.valToPos(i + 1 - 0.35, 'x', true);
          const x1 = plot.valToPos(i + 1 + 0.35, 'x', true);
          const y0 = plot.valToPos(value(a), 'y', true);
          const y1 = plot.valToPos(0, 'y', true);
          ctx.fillStyle = colourValue(colours.get(authorKey(a.name, a.email)));
          ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
        });
      },
    ];
    u.redraw(false, true);
  };
  shareChart('chart-lines', '% Lines', (a) => a.percentLines);
  shareChart('chart-insertions', '% Insertions', (a) => a.percentInsertions);

  const timelines = run?.timelines?.[state.repo];
  const note = byId('timeline-note');
  const t = timelines?.[state.timelineBy ?? 'month'];
  if (!t || t.periods.length === 0) {
    note.textContent =
      state.repo === -1 ? 'The timeline is drawn per repository: choose one above.' : timelines ? 'No commits in the window.' : 'No timeline: the commit list could not be read (see the Git Authorship log).';
    return;
  }
  const measure = state.timelineMeasure ?? 'insertions';
  let series = t.series;
  if (state.author) series = series.filter((s) => authorKey(s.name, s.email) === state.author);
  // The busiest people get a line each; the rest are summed into one.
  const total = (s: (typeof series)[number]): number => s[measure].reduce((a, b) => a + b, 0);
  const ranked = [...series].sort((a, b) => total(b) - total(a));
  const shown = ranked.slice(0, TOP_PEOPLE);
  const rest = ranked.slice(TOP_PEOPLE);
  const lines = shown.map((s) => ({ label: s.name, colour: colourValue(s.rank >= 0 ? colours.get(authorKey(s.name, s.email)) : -1), values: s[measure] }));
  if (rest.length) lines.push({ label: `${rest.length} more`, colour: colourValue(-1), values: t.periods.map((_, i) => rest.reduce((n, s) => n + s[measure][i]!, 0)) });
  note.textContent = `${measure === 'insertions' ? 'Insertions' : 'Deletions'} per ${t.granularity}, from every commit of the repository in the date window (merges carry none).`;
  // The x axis spans the data's periods and one more on each side, so one month of commits sits
  // in the middle of three, not at the edge of a default range years wide; y starts at zero.
  const xMin = shiftPeriod(t.periods[0]!, t.granularity, -1);
  const xMax = shiftPeriod(t.periods[t.periods.length - 1]!, t.granularity, 1);
  // Few periods: solid points large enough to see on their own (a single period has no line).
  const pointSize = t.periods.length <= 12 ? 10 : t.periods.length <= 60 ? 6 : 0;
  // Few periods: a tick on each (padding included), named as months or weeks are, not uPlot's days.
  const ticks = [xMin, ...t.periods, xMax];
  const tickLabel = (v: number): string =>
    t.granularity === 'month'
      ? new Date(v * 1000).toLocaleDateString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' })
      : new Date(v * 1000).toISOString().slice(0, 10);
  const periodTicks: Partial<uPlot.Axis> = ticks.length <= Math.floor(width / 90) ? { splits: () => ticks, values: (_u, splits) => splits.map(tickLabel) } : {};
  const box = byId('chart-timeline');
  box.dataset.xRange = `${xMin},${xMax}`;
  charts.push(
    new uPlot(
      {
        title: `${measure === 'insertions' ? 'Insertions' : 'Deletions'} per ${t.granularity}`,
        width,
        height: 300,
        // Room for the last tick's label, centred on the right edge.
        padding: [null, 40, null, null],
        scales: { x: { time: true, range: () => [xMin, xMax] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [{ ...axes, ...periodTicks }, { ...axes }],
        series: [
          { label: t.granularity === 'month' ? 'Month' : 'Week', value: (_u, v) => (v == null ? '' : t.labels[t.periods.indexOf(v)] ?? '') },
          ...lines.map((l) => ({ label: l.label, stroke: l.colour, width: 2, points: { show: pointSize > 0, size: pointSize, fill: l.colour, stroke: l.colour } })),
        ],
      },
      [t.periods, ...lines.map((l) => l.values)],
      box,
    ),
  );
}

// --- the filter bar: the common settings, applied by re-running -----------------------------------

const LIST_KEYS = new Set(['extensions', 'excludeAuthors', 'excludeFiles']);
const BOOLEAN_KEYS = new Set(['whitespace', 'comments', 'emptyLines']);

type Field = HTMLElement & { value: string; checked: boolean };

function fillFilterBar(values: FilterBarValues | undefined): void {
  for (const key of FILTER_BAR_KEYS) {
    const field = byId<Field>(`set-${key}`);
    const v = values?.[key];
    if (BOOLEAN_KEYS.has(key)) field.checked = v === true;
    else if (LIST_KEYS.has(key)) field.value = Array.isArray(v) ? v.join(', ') : '';
    else field.value = v === undefined || v === null || v === 0 ? '' : String(v);
  }
  byId('settings-errors').replaceChildren();
}

/** What the fields say, as setting values: lists split on commas; a number when it is one (else the text, for the error). */
function readFilterBar(): FilterBarValues {
  const out: FilterBarValues = {};
  for (const key of FILTER_BAR_KEYS) {
    const field = byId<Field>(`set-${key}`);
    if (BOOLEAN_KEYS.has(key)) out[key] = field.checked;
    else if (LIST_KEYS.has(key)) out[key] = field.value.split(',').map((x) => x.trim()).filter(Boolean);
    else if (key === 'nFiles') out[key] = field.value.trim() === '' ? 0 : /^\d+$/.test(field.value.trim()) ? Number(field.value.trim()) : field.value.trim();
    else out[key] = field.value.trim();
  }
  return out;
}

/** First click sorts descending for numbers (largest first) and ascending for text; the next reverses. */
function sortBy(th: HTMLElement): void {
  const column = th.dataset.column!;
  const table = th.closest('table')?.id.replace(/-table$/, '') ?? state.tab;
  const current = state.sort[table];
  const numeric = th.classList.contains('num');
  state.sort[table] = current?.column === column ? { column, descending: !current.descending } : { column, descending: numeric };
  saveState();
  renderTables();
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'result':
      run = message.run;
      reportCache.clear();
      combined = undefined;
      blame = undefined;
      blameError = undefined;
      fillFilterBar(run.settings);
      if (state.repo >= run.analyses.length || (state.repo === -1 && run.analyses.length < 2)) state.repo = 0;
      saveState();
      renderAll();
      break;
    case 'focusAuthor': {
      const index = run?.analyses.findIndex((r) => r.path === message.repo) ?? -1;
      if (index >= 0) state.repo = index;
      // Blame names the commit's identity; the report may have merged it into a person with another name.
      const report = currentReport();
      const found = report ? peopleIndex(report).find(message.name, message.email) : undefined;
      const person = found === undefined ? undefined : report!.authors[found];
      state.author = person ? authorKey(person.name, person.email) : authorKey(message.name, message.email);
      state.tab = 'authors';
      saveState();
      renderAll();
      break;
    }
    case 'blame':
      if (blameMatches(message.view)) {
        blame = message.view;
        blameError = undefined;
        renderTables();
      }
      break;
    case 'blameError':
      if (blameMatches(message)) {
        blame = undefined;
        blameError = message.message;
        renderTables();
      }
      break;
    case 'settingsErrors':
      byId('settings-errors').replaceChildren(...message.errors.map((e) => el('li', { text: e })));
      (byId('settings-bar') as HTMLDetailsElement).open = true;
      break;
    case 'empty':
      run = undefined;
      byId('empty-message').textContent = message.message;
      renderAll();
      break;
  }
});

build();
vscode.postMessage({ type: 'ready' });
