// A minimal runner for suites that run inside the editor's extension host, where there is no mocha:
// `test(name, fn)` registers, `runTests()` runs them in order and logs one summary line that the
// end-to-end harness reads. A failed test makes `runTests()` reject, so the extension host exits 1.

export const SUMMARY_PREFIX = 'extension-host tests: ';

export interface Summary {
  passed: string[];
  failed: { name: string; error: string }[];
}

const tests: { name: string; fn: () => unknown }[] = [];

export function test(name: string, fn: () => unknown): void {
  tests.push({ name, fn });
}

export async function runTests(): Promise<void> {
  const summary: Summary = { passed: [], failed: [] };
  for (const { name, fn } of tests) {
    try {
      await fn();
      summary.passed.push(name);
    } catch (err) {
      summary.failed.push({ name, error: (err as Error).stack ?? String(err) });
    }
  }
  console.log(`${SUMMARY_PREFIX}${JSON.stringify(summary)}`);
  if (summary.failed.length > 0) throw new Error(`${summary.failed.length} of ${tests.length} extension-host tests failed`);
}

/** The summary line from the extension host's log, if the suite got as far as printing it. */
export function readSummary(log: string[]): Summary | undefined {
  for (const line of log) {
    const at = line.indexOf(SUMMARY_PREFIX);
    if (at >= 0) return JSON.parse(line.slice(at + SUMMARY_PREFIX.length)) as Summary;
  }
  return undefined;
}
