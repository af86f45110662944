// The self-contained HTML report: repository text stays text, no external resources, the script
// allowed by the page's CSP is exactly the one inline script, and the tables hold the model's rows.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, formatHtml } from '../../src/report/html';
import type { ReportRun } from '../../src/report/protocol';
import type { RepositoryAnalysis } from '../../src/engine/types';

const NOW = 1_700_000_000;
const EVIL = '<img src=x onerror=alert(1)>';

function analysis(name: string): RepositoryAnalysis {
  return {
    name,
    path: `/r/${name}`,
    head: 'a'.repeat(40),
    headTime: NOW,
    authors: [
      { name: EVIL, email: '"><script>alert(2)</script>', aliases: [{ name: EVIL, email: 'x@y' }], commits: 1, excluded: false },
      { name: 'Ann & Co', email: 'ann@x', aliases: [], commits: 2, excluded: false },
    ],
    files: [
      { path: `src/</table><b>${EVIL}.ts`, formerPaths: ['old\'name.ts'], size: 10, totalLines: 3 },
      { path: 'b.ts', formerPaths: [], size: 5, totalLines: 2 },
    ],
    cells: [
      { author: 0, file: 0, lines: 3, insertions: 4, deletions: 1, commits: 1, insertionTimeSum: 4 * (NOW - 86_400), lineTimeSum: 3 * (NOW - 86_400) },
      { author: 1, file: 1, lines: 2, insertions: 2, deletions: 0, commits: 2, insertionTimeSum: 2 * NOW, lineTimeSum: 2 * NOW },
    ],
    skipped: [{ path: '<svg onload=alert(3)>.png', reason: 'binary' }],
    warnings: [],
    stats: { commitsWalked: 3, filesAnalyzed: 2, linesAnalyzed: 5, phases: [] },
  };
}

function run(names = ['demo']): ReportRun {
  return {
    analyses: names.map(analysis),
    now: NOW,
    totalMs: 1234,
    display: { deletions: true, scaledPercentages: false, showRenames: true },
    engine: { backend: 'native', version: '0.1.0' },
    scope: `workspace ${EVIL}`,
    finishedAt: NOW * 1000,
  };
}

describe('HTML report', () => {
  const html = formatHtml(run());

  it('escapes every repository string: names, emails, paths, former names, skipped files, the title', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Ann &amp; Co');
    expect(html).toContain('old&#39;name.ts');
    expect(html).toContain('&lt;svg onload=alert(3)&gt;.png (binary)');
    // Exactly one <table> per table (a path holding </table> did not end one early).
    expect(html.match(/<table /g)).toHaveLength(4);
    expect(html.match(/<\/table>/g)).toHaveLength(4);
  });

  it('is self-contained: no external resources, one inline script allowed by hash', () => {
    expect(html).not.toMatch(/<[^>]*\b(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'"`);
  });

  it('holds the four tables with the model rows, totals, and sort keys on number cells', () => {
    for (const id of ['authors-table', 'authors-files-table', 'files-authors-table', 'files-table']) expect(html).toContain(`id="${id}"`);
    const authors = html.slice(html.indexOf('id="authors-table"'), html.indexOf('</table>', html.indexOf('id="authors-table"')));
    expect(authors).toContain('<th aria-sort="none">Aliases</th>');
    expect(authors).toContain('<td class="num" data-sort="3">3</td>');
    expect(authors).toMatch(/<tfoot><tr><td class="num" data-sort="0"><\/td><td>Total<\/td><td><\/td><td><\/td><td class="num" data-sort="5">5<\/td><td class="num" data-sort="6">6<\/td>/);
  });

  it('the display settings choose the columns: deletions, scaled percentages, aliases and former names', () => {
    const headers = (display: ReportRun['display']) => {
      const page = formatHtml({ ...run(), display });
      const table = page.slice(page.indexOf('id="authors-table"'), page.indexOf('</thead>', page.indexOf('id="authors-table"')));
      return [...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    };
    expect(headers({ deletions: false, scaledPercentages: true, showRenames: false })).toEqual([
      'ID', 'Author', 'Email', 'Lines', 'Insertions', '% Lines', '% Insertions', 'Scaled % Lines', 'Scaled % Insertions', 'Stability', 'Commits', 'Age', 'Line Age',
    ]);
    expect(headers({ deletions: true, scaledPercentages: false, showRenames: true })).toEqual([
      'ID', 'Author', 'Email', 'Aliases', 'Lines', 'Insertions', 'Deletions', '% Lines', '% Insertions', 'Stability', 'Commits', 'Age', 'Line Age',
    ]);
  });

  it('one section per repository, with table ids of their own', () => {
    const two = formatHtml(run(['one', 'two']));
    expect(two).toContain('id="repo1-authors-table"');
    expect(two).toContain('id="repo2-files-table"');
  });
});
