// The CLI's JSON report: { repositories: [...], performanceStats: {...} }, two-space indented.

import type { ReportJson } from '../model';

export function formatJson(report: ReportJson): string {
  return JSON.stringify(report, null, 2) + '\n';
}
