// Runs inside the report page before its bundle (bench/report-scale.ts installs it as an init
// script): stands in for VS Code's webview host and times what the page does.
// Plain JavaScript on purpose: tsx would wrap the functions of a .ts file in a helper that
// does not exist in the page.
(() => {
  /** What the page posted to the extension, and its view state (getState/setState). */
  const posted = [];
  let viewState;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => posted.push(message),
    getState: () => viewState,
    setState: (state) => {
      viewState = state;
    },
  });

  // Tasks of 50 ms or more (the browser's own measure of a page that does not respond).
  const longTasks = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });

  /** Resolves after the next frame has been produced (rAF runs before paint; the timeout after it). */
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  /**
   * Runs `action`, then waits frame by frame until `done()` holds: the time from the action to the
   * first frame that shows its result, the part spent in `action` itself (synchronous JS), and the
   * longest task meanwhile (the page froze that long).
   */
  async function timed(action, done, limitMs = 60_000) {
    const start = performance.now();
    const seen = longTasks.length;
    action();
    const syncMs = performance.now() - start;
    await nextFrame();
    while (!done()) {
      if (performance.now() - start > limitMs) throw new Error(`not done after ${limitMs} ms`);
      await nextFrame();
    }
    const ms = performance.now() - start;
    // Entries arrive after their task ended: give the observer one more turn.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const longest = Math.max(0, ...longTasks.slice(seen).filter((t) => t.startTime >= start - 1).map((t) => t.duration));
    return { ms, syncMs, longestTaskMs: longest };
  }

  /** The visible rows of a table: their index in the table and their cells' text. */
  function rows(table) {
    return [...document.querySelectorAll(`#${table}-table tbody tr.row`)].map((tr) => ({
      index: Number(tr.dataset.index),
      cells: [...tr.cells].map((td) => td.textContent ?? ''),
    }));
  }

  /** Header texts of a table and which one sorts, and how. */
  function headers(table) {
    return [...document.querySelectorAll(`#${table}-table thead th`)].map((th) => ({ column: th.dataset.column, sort: th.getAttribute('aria-sort') }));
  }

  /** Whether the table's last row (index `last`) is drawn and inside its scroller's visible box. */
  function lastRowShown(table, last) {
    const scroller = document.getElementById(`${table}-scroll`);
    const tr = document.querySelector(`#${table}-table tbody tr.row[data-index="${last}"]`);
    if (!scroller || !tr) return false;
    const box = scroller.getBoundingClientRect();
    const row = tr.getBoundingClientRect();
    return row.height > 0 && row.top >= box.top - 1 && row.bottom <= box.bottom + 1;
  }

  /** Selects a tab as a person does: a click on its header. */
  const clickTab = (tab) => document.querySelector(`vscode-tab-header[data-tab="${tab}"]`).click();
  const clickHeader = (table, column) => document.querySelector(`#${table}-table th[data-column="${column}"]`).click();

  /** Types the whole `text` into the filter field at once (the page waits 120 ms for more keys). */
  function typeFilter(text) {
    const field = document.getElementById('filter');
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  window.__scale = { posted, state: () => viewState, timed, nextFrame, rows, headers, lastRowShown, clickTab, clickHeader, typeFilter };
})();
