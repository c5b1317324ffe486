// How the element writes numbers: shared by web/frictionlens-report.js and its browser
// test, which checks the page against the CLI's report through these same rules.

// 0.6234 -> "62.3%"
export function formatPercent(rate) {
  return `${(100 * rate).toFixed(1)}%`;
}

// [0.601, 0.644] -> "60.1–64.4%"
export function formatInterval(ci) {
  return Array.isArray(ci) ? `${(100 * ci[0]).toFixed(1)}–${(100 * ci[1]).toFixed(1)}%` : '';
}

// 12345 -> "12,345"
export function formatCount(n) {
  return Number(n).toLocaleString('en-US');
}

// 95 -> "95 s", 600 -> "10.0 min", 7200 -> "2.0 h"; null -> "–"
export function formatSeconds(s) {
  if (s === null || s === undefined || Number.isNaN(s)) return '–';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}
