// The report webview's HTML: a strict Content-Security-Policy with a nonce, the bundle and its
// stylesheet, and the markup media/report/main.ts fills in. Kept free of `vscode` so that
// bench/report-scale.ts loads the very same page in a plain browser.

export interface ReportPageAssets {
  /** Fresh per page: only tags carrying it may load a script or a stylesheet. */
  nonce: string;
  /** The webview's origin for styles, fonts and images (`webview.cspSource`). */
  cspSource: string;
  /** URLs of dist/webview/report.js and report-style.css as the webview reaches them. */
  script: string;
  style: string;
}

export function reportPage({ nonce, cspSource, script, style }: ReportPageAssets): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}" nonce="${nonce}">
<title>Git Authorship Report</title>
</head>
<body>
<div id="empty" hidden><p id="empty-message">Analysing…</p></div>
<div id="report" hidden>
  <header class="toolbar">
    <span id="title"></span>
    <label id="repo-label" for="repo-select" hidden>Repository</label>
    <vscode-single-select id="repo-select" hidden></vscode-single-select>
    <vscode-textfield id="filter" placeholder="Filter rows (author, email, file)" aria-label="Filter rows"></vscode-textfield>
    <span id="author-chip" hidden></span>
    <span class="spacer-flex"></span>
    <vscode-button id="rerun" secondary>Re-run</vscode-button>
    <vscode-button id="export-csv" secondary>Export CSV</vscode-button>
    <vscode-button id="export-json" secondary>Export JSON</vscode-button>
    <vscode-button id="export-html" secondary>Export HTML</vscode-button>
  </header>
  <details id="settings-bar">
    <summary>Filters: change the common settings and re-run</summary>
    <div class="settings-grid">
      <label>Since <vscode-textfield id="set-since" placeholder="YYYY-MM-DD"></vscode-textfield></label>
      <label>Until <vscode-textfield id="set-until" placeholder="YYYY-MM-DD"></vscode-textfield></label>
      <label>Subfolder <vscode-textfield id="set-subfolder" placeholder="src/app"></vscode-textfield></label>
      <label>Extensions <vscode-textfield id="set-extensions" placeholder="ts, py (empty: all)"></vscode-textfield></label>
      <label>Exclude authors <vscode-textfield id="set-excludeAuthors" placeholder="bot*, *[bot]"></vscode-textfield></label>
      <label>Exclude files <vscode-textfield id="set-excludeFiles" placeholder="*.min.js, vendor/*"></vscode-textfield></label>
      <label>Largest N files <vscode-textfield id="set-nFiles" placeholder="0 = all"></vscode-textfield></label>
      <vscode-checkbox id="set-whitespace" label="Count whitespace changes"></vscode-checkbox>
      <vscode-checkbox id="set-comments" label="Count comments"></vscode-checkbox>
      <vscode-checkbox id="set-emptyLines" label="Count empty lines"></vscode-checkbox>
    </div>
    <ul id="settings-errors" role="alert"></ul>
    <vscode-button id="apply-settings">Apply and Re-run</vscode-button>
    <vscode-button id="save-settings" secondary>Save to Settings</vscode-button>
  </details>
  <vscode-tabs id="tabs"></vscode-tabs>
  <footer id="footer"></footer>
</div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
