// How every door writes numbers: the element (web/frictionlens-report.js), the CLI's HTML
// report (which inlines the element) and, by the same rules in C++, the CLI's table
// (native-cli/report_text.cc); tests/wasm/presentation.test.mjs holds the table to these.

// 0.6234 -> "62.3%"; under 1%, two decimals: 0.0003 -> "0.03%"
export function formatPercent(rate) {
  const percent = 100 * rate;
  return `${percent.toFixed(percent > 0 && percent < 1 ? 2 : 1)}%`;
}

// [0.601, 0.644] -> "60.1–64.4%"; an upper end under 1%: two decimals
export function formatInterval(ci) {
  if (!Array.isArray(ci)) return '';
  const digits = 100 * ci[1] < 1 ? 2 : 1;
  return `${(100 * ci[0]).toFixed(digits)}–${(100 * ci[1]).toFixed(digits)}%`;
}

// An odds ratio: 3.94 -> "3.9", 0.452 -> "0.45", 36.2 -> "36" (two significant figures under
// 10, whole from 10 on; DisplayRatio in core/display_text.cc)
export function formatRatio(x) {
  return x >= 10 ? x.toFixed(0) : String(Number(x.toPrecision(2)));
}

// [2.72, 476.3] -> "2.7–476"
export function formatRatioInterval(ci) {
  if (!Array.isArray(ci)) return '';
  return `${formatRatio(ci[0])}–${formatRatio(ci[1])}`;
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
