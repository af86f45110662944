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
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';

import { statColumnsFor } from '../../src/report/format/columns';
import type { AuthorFileRow, AuthorRow, FileRow, RepositoryReport, StatColumns } from '../../src/report/model';
import { authorKey, TABLE_IDS, type FromWebview, type ReportRun, type TableId, type ToWebview, type ViewState } from '../../src/report/protocol';
import { authorColour } from './colours';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const ROW_HEIGHT = 24;
const TAB_TITLES: Record<TableId, string> = { authors: 'Authors', 'authors-files': 'Authors-Files', 'files-authors': 'Files-Authors', files: 'Files' };

const saved = vscode.getState() as Partial<ViewState> | undefined;
const state: ViewState = {
  repo: typeof saved?.repo === 'number' ? saved.repo : 0,
  tab: TABLE_IDS.includes(saved?.tab as TableId) ? (saved!.tab as TableId) : 'authors',
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

class VirtualTable {
  readonly scroller: HTMLDivElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly head: HTMLTableSectionElement;
  private readonly foot: HTMLTableSectionElement;
  private readonly colgroup: HTMLTableColElement;
  private readonly virtualizer: Virtualizer<HTMLDivElement, HTMLTableRowElement>;
  private columns: ViewColumn<AnyRow>[] = [];
  private rows: AnyRow[] = [];

  constructor(readonly id: TableId) {
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
  setData(columns: ViewColumn<AnyRow>[], rows: AnyRow[], totals: StatColumns | undefined, sort: { column: string; descending: boolean } | undefined): void {
    this.columns = columns;
    this.rows = rows;
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
      const tr = el('tr', { className: 'row' });
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

function currentReport(): RepositoryReport | undefined {
  if (!run) return undefined;
  const reports = run.json.repositories;
  if (state.repo >= reports.length) state.repo = 0;
  return reports[state.repo];
}

/** One colour per person, by rank in the Authors table: the same in every tab. */
function coloursOf(report: RepositoryReport): Map<string, number> {
  return new Map(report.authors.map((a, i) => [authorKey(a.name, a.email), authorColour(i)]));
}

function renderTables(): void {
  const report = currentReport();
  if (!report) return;
  const colours = coloursOf(report);
  for (const id of TABLE_IDS) {
    const table = tables.get(id)!;
    const columns = columnsFor(id, report, colours);
    const totals = id === 'authors' ? report.authorsTotal : id === 'files' ? report.filesTotal : undefined;
    table.setData(columns, rowsFor(id, report, columns), totals, state.sort[id]);
  }
  renderAuthorChip(report);
  renderFooter(report);
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
  const perf = run!.json.performanceStats;
  const stats = perf.repositories[state.repo] ?? perf.repositories.find((r) => r.name === report.name);
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
  parts.push(`total ${formatMs(perf.totalMs)}`);
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
  const reports = run?.json.repositories ?? [];
  select.replaceChildren(
    ...reports.map((r, i) => {
      const option = el('vscode-option', { text: `${r.name} — ${r.path}` });
      option.setAttribute('value', String(i));
      if (i === state.repo) option.setAttribute('selected', '');
      return option;
    }),
  );
  select.hidden = reports.length < 2;
  byId('repo-label').hidden = reports.length < 2;
  if (reports.length >= 2) select.value = String(state.repo);
}

function renderAll(): void {
  const report = currentReport();
  byId('empty').hidden = !!report;
  byId('report').hidden = !report;
  if (!report) return;
  byId('title').textContent = `${report.name} (${report.head.slice(0, 12)})`;
  byId('title').title = report.path;
  renderRepoSwitcher();
  renderTables();
  selectTab(state.tab);
}

function selectTab(tab: TableId): void {
  const tabs = byId('tabs') as HTMLElement & { selectedIndex: number };
  tabs.selectedIndex = TABLE_IDS.indexOf(tab);
}

function build(): void {
  const tabs = byId('tabs');
  for (const id of TABLE_IDS) {
    const header = el('vscode-tab-header', { text: TAB_TITLES[id] });
    header.setAttribute('slot', 'header');
    // vscode-tabs gives headers ids of its own; `data-tab` is ours (tests and styles use it).
    header.dataset.tab = id;
    const panel = el('vscode-tab-panel');
    const table = new VirtualTable(id);
    tables.set(id, table);
    panel.append(table.scroller);
    tabs.append(header, panel);
  }
  tabs.addEventListener('vsc-tabs-select', (e) => {
    const index = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
    const tab = TABLE_IDS[index];
    if (tab && tab !== state.tab) {
      state.tab = tab;
      saveState();
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
    if (Number.isInteger(value) && value !== state.repo) {
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
    const author = target.closest<HTMLElement>('a.author-link');
    if (author?.dataset.author) {
      e.preventDefault();
      state.author = state.author === author.dataset.author ? undefined : author.dataset.author;
      saveState();
      renderTables();
      return;
    }
    const file = target.closest<HTMLElement>('a.file-link');
    if (file?.dataset.path) {
      e.preventDefault();
      const report = currentReport();
      if (report) vscode.postMessage({ type: 'openFile', repo: report.path, path: file.dataset.path });
      return;
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
    byId(id).addEventListener('click', () => vscode.postMessage({ type: 'export', format, table: format === 'csv' ? state.tab : undefined }));
  }
  byId('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
}

/** First click sorts descending for numbers (largest first) and ascending for text; the next reverses. */
function sortBy(th: HTMLElement): void {
  const column = th.dataset.column!;
  const current = state.sort[state.tab];
  const numeric = th.classList.contains('num');
  state.sort[state.tab] = current?.column === column ? { column, descending: !current.descending } : { column, descending: numeric };
  saveState();
  renderTables();
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'result':
      run = message.run;
      if (state.repo >= run.json.repositories.length) state.repo = 0;
      saveState();
      renderAll();
      break;
    case 'focusAuthor': {
      const index = run?.json.repositories.findIndex((r) => r.path === message.repo) ?? -1;
      if (index >= 0) state.repo = index;
      // Blame names the commit's identity; the report may have merged it into a person with another name.
      const report = currentReport();
      const email = message.email.toLowerCase();
      const person = report?.authors.find(
        (a) => authorKey(a.name, a.email) === authorKey(message.name, message.email) || a.aliases.some((x) => x.email.toLowerCase() === email || x.name === message.name),
      );
      state.author = person ? authorKey(person.name, person.email) : authorKey(message.name, message.email);
      state.tab = 'authors';
      saveState();
      renderAll();
      break;
    }
    case 'empty':
      run = undefined;
      byId('empty-message').textContent = message.message;
      renderAll();
      break;
  }
});

build();
vscode.postMessage({ type: 'ready' });
