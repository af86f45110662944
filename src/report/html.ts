// The self-contained HTML report: the Authors, Authors-Files, Files-Authors and Files tables of every
// repository in one file that works offline in any browser. Inline CSS and one small inline script
// (click a header to sort); no external resources. Every repository string is HTML-escaped, and the
// page's Content-Security-Policy allows only that one script (by its hash), so even text that
// escaped escaping could not run.

import { createHash } from 'node:crypto';

import { statColumnsFor, type Column } from './format/columns';
import type { AuthorFileRow, AuthorRow, FileRow, RepositoryReport, StatColumns } from './model';
import { runJson, type ReportRun } from './protocol';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Sorting: numbers by `data-sort` (raw value), text by content; a second click reverses. */
const SCRIPT = `
document.querySelectorAll('table.report').forEach(function (table) {
  table.querySelectorAll('thead th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var numeric = th.classList.contains('num');
      var desc = th.getAttribute('aria-sort') === 'descending' ? false : th.getAttribute('aria-sort') === 'ascending' ? true : numeric;
      table.querySelectorAll('thead th').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (tr) {
        var td = tr.cells[col];
        return numeric ? Number(td.getAttribute('data-sort')) : td.textContent.toLowerCase();
      };
      rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1); });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;

const STYLE = `
:root { color-scheme: light dark; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1.05em; }
table.report { border-collapse: collapse; margin: 8px 0 24px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #8884; white-space: nowrap; }
th { cursor: pointer; text-align: left; position: sticky; top: 0; background: Canvas; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
th[aria-sort=ascending]::after { content: ' \\25B2'; } th[aria-sort=descending]::after { content: ' \\25BC'; }
tfoot td { font-weight: 600; border-top: 2px solid #8888; }
.meta { color: GrayText; }
`;

interface HtmlColumn<Row> {
  header: string;
  text: (row: Row) => string;
  sort?: (row: Row) => number;
}

function stats<Row extends StatColumns>(run: ReportRun): HtmlColumn<Row>[] {
  const d = run.display;
  return statColumnsFor<Row>({ deletions: d.deletions, scaled: d.scaledPercentages, lineAge: true }).map((c: Column<Row>) => ({
    header: c.header,
    text: (r: Row) => String(c.value(r)),
    sort: c.header === 'Age' ? (r: Row) => r.ageSeconds : c.header === 'Line Age' ? (r: Row) => r.lineAgeSeconds : (r: Row) => Number(c.value(r)),
  }));
}

function table<Row>(id: string, columns: HtmlColumn<Row>[], rows: Row[], totals?: Row): string {
  const head = columns.map((c) => `<th${c.sort ? ' class="num"' : ''} aria-sort="none">${escapeHtml(c.header)}</th>`).join('');
  const cells = (r: Row): string =>
    columns.map((c) => (c.sort ? `<td class="num" data-sort="${c.sort(r)}">${escapeHtml(c.text(r))}</td>` : `<td>${escapeHtml(c.text(r))}</td>`)).join('');
  const body = rows.map((r) => `<tr>${cells(r)}</tr>`).join('\n');
  const foot = totals ? `<tfoot><tr>${cells(totals)}</tr></tfoot>` : '';
  return `<table class="report" id="${escapeHtml(id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody>${foot}</table>`;
}

function repositorySection(run: ReportRun, report: RepositoryReport, index: number, count: number): string {
  const prefix = count > 1 ? `repo${index + 1}-` : '';
  type Totals = StatColumns & { id: string; name: string; email: string; path: string; aliases: []; formerPaths: [] };
  const totals = (s: StatColumns): Totals => ({ ...s, id: '', name: 'Total', email: '', path: 'Total', aliases: [], formerPaths: [] });
  const id: HtmlColumn<AuthorRow | FileRow | Totals> = { header: 'ID', text: (r) => String(r.id), sort: (r) => Number(r.id) || 0 };
  const authorCols: HtmlColumn<AuthorRow | Totals>[] = [id, { header: 'Author', text: (r) => r.name }, { header: 'Email', text: (r) => r.email }];
  if (run.display.showRenames) authorCols.push({ header: 'Aliases', text: (r) => r.aliases.map((a) => `${a.name} <${a.email}>`).join('; ') });
  const fileCols: HtmlColumn<FileRow | Totals>[] = [id, { header: 'File', text: (r) => r.path }];
  if (run.display.showRenames) fileCols.push({ header: 'Former names', text: (r) => r.formerPaths.join('; ') });
  const author: HtmlColumn<AuthorFileRow> = { header: 'Author', text: (r) => r.author };
  const file: HtmlColumn<AuthorFileRow> = { header: 'File', text: (r) => r.file };
  return `<section>
<h2>${escapeHtml(report.name)} <span class="meta">${escapeHtml(report.head.slice(0, 12))} · ${escapeHtml(report.path)}</span></h2>
<h3>Authors</h3>
${table(`${prefix}authors-table`, [...authorCols, ...stats<AuthorRow | Totals>(run)], report.authors, totals(report.authorsTotal))}
<h3>Authors-Files</h3>
${table(`${prefix}authors-files-table`, [author, file, ...stats<AuthorFileRow>(run)], report.authorsFiles)}
<h3>Files-Authors</h3>
${table(`${prefix}files-authors-table`, [file, author, ...stats<AuthorFileRow>(run)], report.filesAuthors)}
<h3>Files</h3>
${table(`${prefix}files-table`, [...fileCols, ...stats<FileRow | Totals>(run)], report.files, totals(report.filesTotal))}
${report.excludedAuthors.length ? `<p class="meta">Excluded authors: ${escapeHtml(report.excludedAuthors.map((a) => `${a.name} <${a.email}>`).join(', '))}</p>` : ''}
${report.skipped.length ? `<p class="meta">Skipped files: ${escapeHtml(report.skipped.map((s) => `${s.path} (${s.reason})`).join(', '))}</p>` : ''}
</section>`;
}

export function formatHtml(run: ReportRun): string {
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'`;
  const json = runJson(run);
  const perf = json.performanceStats;
  const when = new Date(run.finishedAt).toISOString().replace('T', ' ').slice(0, 16);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Git Authorship report: ${escapeHtml(run.scope)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Git Authorship report: ${escapeHtml(run.scope)}</h1>
<p class="meta">${escapeHtml(`${when} UTC · ${perf.engine} engine ${run.engine.version} · ${(perf.totalMs / 1000).toFixed(1)} s`)}</p>
${json.repositories.map((r, i, all) => repositorySection(run, r, i, all.length)).join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
