// gitAuthorship.report.* settings: every setting with a good and a bad value, defaults, and the
// messages that name the bad setting and say why.

import { describe, expect, it } from 'vitest';
import { cliFlag, describeSettingError, parseReportSettings, REPORT_SETTING_DEFAULTS, REPORT_SETTING_KEYS } from '../../src/report/settings';
import pkg from '../../package.json';

function errorsOf(raw: Record<string, unknown>): string[] {
  const r = parseReportSettings(raw);
  return r.ok ? [] : r.errors.map((e) => describeSettingError(e));
}

describe('report settings', () => {
  it('defaults: everything analysed, deletions shown, depth 5', () => {
    const r = parseReportSettings({});
    expect(r).toEqual({
      ok: true,
      value: {
        analysis: {
          nFiles: 0, includeFiles: [], excludeFiles: [], extensions: [], excludeAuthors: [], excludeEmails: [],
          excludeRevisions: [], excludeMessages: [], whitespace: false, comments: false, emptyLines: false,
        },
        display: { deletions: true, scaledPercentages: false, showRenames: false },
        depth: 5,
      },
    });
  });

  it('good values of every setting reach AnalysisSettings or the display options', () => {
    const r = parseReportSettings({
      nFiles: 10, includeFiles: ['src/*'], excludeFiles: [' *.min.js '], extensions: ['.ts', 'py', '*'], subfolder: './lib/', since: '2024-01-01',
      until: '2024-12-31T12:00Z', excludeAuthors: ['bot*'], excludeEmails: ['*@ci'], excludeRevisions: ['abcd', 'ABCDEF0123456789abcdef0123456789abcdef01'],
      excludeMessages: ['Merge *'], whitespace: true, comments: true, emptyLines: true, deletions: false, scaledPercentages: true, showRenames: true, depth: 0,
      unrelated: 'ignored',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.analysis).toEqual({
      nFiles: 10, includeFiles: ['src/*'], excludeFiles: ['*.min.js'], extensions: ['ts', 'py', '*'], subfolder: 'lib', since: '2024-01-01',
      until: '2024-12-31T12:00Z', excludeAuthors: ['bot*'], excludeEmails: ['*@ci'], excludeRevisions: ['abcd', 'ABCDEF0123456789abcdef0123456789abcdef01'],
      excludeMessages: ['Merge *'], whitespace: true, comments: true, emptyLines: true,
    });
    expect(r.value.display).toEqual({ deletions: false, scaledPercentages: true, showRenames: true });
    expect(r.value.depth).toBe(0);
  });

  const badValues: [string, unknown, RegExp][] = [
    ['nFiles', -1, /^gitAuthorship\.report\.nFiles must be a whole number from 0 to \d+, got -1$/],
    ['nFiles', 2.5, /nFiles must be a whole number/],
    ['nFiles', '5', /nFiles must be a whole number.*got "5"/],
    ['depth', 21, /^gitAuthorship\.report\.depth must be a whole number from 0 to 20, got 21$/],
    ['includeFiles', 'src/*', /includeFiles must be a list of strings, got "src\/\*"/],
    ['excludeFiles', [1], /excludeFiles must be a list of strings/],
    ['extensions', ['t s'], /extensions has "t s", which is not a file extension/],
    ['extensions', ['a/b'], /extensions has "a\/b", which is not a file extension/],
    ['excludeAuthors', [''], /excludeAuthors must not contain empty entries/],
    ['excludeEmails', {}, /excludeEmails must be a list of strings/],
    ['excludeRevisions', ['HEAD~1'], /excludeRevisions has "HEAD~1", which is not a commit id prefix \(4 to 40 hex digits\)/],
    ['excludeRevisions', ['abc'], /excludeRevisions has "abc"/],
    ['excludeMessages', [null], /excludeMessages must be a list of strings/],
    ['subfolder', '../outside', /subfolder must be a folder relative to the repository root, without "\.\."/],
    ['subfolder', '/abs', /subfolder must be a folder relative/],
    ['subfolder', 3, /subfolder must be a string, got 3/],
    ['since', 'last tuesday-ish', /^gitAuthorship\.report\.since must be a date YYYY-MM-DD.*got "last tuesday-ish"$/],
    ['until', '2024-13-45x', /until must be a date/],
    ['whitespace', 'yes', /whitespace must be true or false, got "yes"/],
    ['comments', 1, /comments must be true or false/],
    ['emptyLines', 'false', /emptyLines must be true or false/],
    ['deletions', 0, /deletions must be true or false/],
    ['scaledPercentages', 'on', /scaledPercentages must be true or false/],
    ['showRenames', [], /showRenames must be true or false/],
  ];
  it.each(badValues)('%s = %j is rejected with a message naming it', (key, value, message) => {
    const errors = errorsOf({ [key]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('every setting has a bad-value case above', () => {
    expect(new Set(badValues.map(([k]) => k))).toEqual(new Set(REPORT_SETTING_KEYS));
  });

  it('reports every bad setting at once, and until before since', () => {
    expect(errorsOf({ nFiles: -1, whitespace: 'x', since: '2024-05-01', until: '2024-04-01' })).toEqual([
      'gitAuthorship.report.nFiles must be a whole number from 0 to 9007199254740991, got -1',
      'gitAuthorship.report.until must not be before since (2024-05-01), got "2024-04-01"',
      'gitAuthorship.report.whitespace must be true or false, got "x"',
    ]);
  });

  it('null and undefined take the default (a setting removed from settings.json)', () => {
    expect(parseReportSettings({ nFiles: null, depth: undefined })).toMatchObject({ ok: true, value: { depth: 5, analysis: { nFiles: 0 } } });
  });

  it('package.json declares each setting with a description and the same default', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { default?: unknown; description?: string; markdownDescription?: string }>;
    for (const key of REPORT_SETTING_KEYS) {
      const p = props[`gitAuthorship.report.${key}`];
      expect(p, key).toBeDefined();
      expect(p!.description ?? p!.markdownDescription, key).toBeTruthy();
      expect(p!.default, key).toEqual(REPORT_SETTING_DEFAULTS[key]);
    }
  });

  it('the CLI names a setting by its flag', () => {
    expect(cliFlag('nFiles')).toBe('--n-files');
    expect(cliFlag('excludeRevisions')).toBe('--exclude-revisions');
  });
});
