// Ages as GitInspectorGUI shows them: `Y:MM:DD`, with a year of 365 days and a month of 30 days
// (months stop at 11; days 360–364 of a year show as 11 months and 30–34 days).

const DAY = 86_400;

export function formatAge(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00:00';
  const days = Math.floor(seconds / DAY);
  const years = Math.floor(days / 365);
  const rest = days - years * 365;
  const months = Math.min(11, Math.floor(rest / 30));
  const d = rest - months * 30;
  return `${years}:${String(months).padStart(2, '0')}:${String(d).padStart(2, '0')}`;
}
