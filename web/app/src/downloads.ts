// Files the workbench hands back: made in the tab, saved through a blob: link.
import type { Report } from '/wasm/index.js';

export function download(name: string, content: Blob | string, type = 'application/json') {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The funnel table as CSV: one row per step, the report's numbers as they are.
export function funnelCsv(report: Report): string {
  const header = ['step', 'count', 'conversion', 'conversion_ci95_low', 'conversion_ci95_high', 'step_conversion',
    'step_conversion_ci95_low', 'step_conversion_ci95_high', 'dropped', 'in_progress',
    'median_seconds_from_previous', 'p90_seconds_from_previous', 'median_seconds_from_start'];
  const rows = [header.join(',')];
  for (const s of report.funnel.steps as unknown as Record<string, unknown>[]) {
    const ci = (s.conversion_ci95 as number[] | undefined) ?? [];
    const sci = (s.step_conversion_ci95 as number[] | undefined) ?? [];
    rows.push([s.name, s.count, s.conversion, ci[0], ci[1], s.step_conversion, sci[0], sci[1], s.dropped, s.in_progress,
      s.median_seconds_from_previous, s.p90_seconds_from_previous, s.median_seconds_from_start].map(csvField).join(','));
  }
  return `${rows.join('\n')}\n`;
}

export function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'journey';
}
