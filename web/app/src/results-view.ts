// Results: the funnel drawn by <frictionlens-report> (the embed element's own rendering,
// given the report), then time between steps, the breakdown, the trend and the friction
// points, each opening to its evidence and an example user's timeline.
import { LitElement, html, css } from 'lit';
import type { Chart as ChartType } from 'chart.js';
import type { UserTimeline } from '/wasm/index.js';
import { shared } from './styles.ts';
import { formatCount, formatInterval, formatPercent, formatSeconds } from './format.ts';
import { SERIES, loadChart, themeColor } from './charts.ts';
import type { FrictionPoint, FullReport } from './types.ts';

function num(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function pValue(p: number | null): string {
  if (p === null || p === undefined) return '–';
  return p < 0.0001 ? '< 0.0001' : p.toPrecision(2);
}

function range(ci: [number, number] | null | undefined, digits = 0): string {
  return ci ? `${num(ci[0], digits)} to ${num(ci[1], digits)}` : '';
}

function percentOrDash(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : formatPercent(rate);
}

export class ResultsView extends LitElement {
  static properties = {
    report: { attribute: false },
    theme: { type: String },
    busy: { type: Boolean },
    specError: { type: String },
    timeline: { attribute: false },
    timelineFor: { attribute: false },
    timelineError: { type: String },
    histStep: { state: true },
  };
  declare report: FullReport | null;
  declare theme: string;
  declare busy: boolean;
  declare specError: string;
  declare timeline: UserTimeline | null;
  declare timelineFor: { user: string; point: FrictionPoint } | null;
  declare timelineError: string;
  declare histStep: number;
  private charts: ChartType[] = [];

  constructor() {
    super();
    this.report = null;
    this.theme = 'light';
    this.busy = false;
    this.specError = '';
    this.timeline = null;
    this.timelineFor = null;
    this.timelineError = '';
    this.histStep = 1;
  }

  static styles = [shared, css`
    frictionlens-report { min-height: 380px; border-radius: 8px; border: 1px solid var(--line); }
    frictionlens-report::part(friction) { display: none; }
    .status { min-height: 1.5em; }
    ol.points { padding-left: 1.6em; margin: 0; }
    ol.points > li { margin: 6px 0; }
    details > summary { cursor: pointer; }
    details[open] > summary { font-weight: 600; }
    .evidence { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 16px; margin: 8px 0; }
    .evidence div { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
    .evidence b { display: block; }
    .badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 0.85em; border: 1px solid var(--line); }
    .badge.sig { border-color: var(--c6); color: var(--fg); background: var(--warn-bg); font-weight: 600; }
    .badge.yes { border-color: var(--ok); }
    ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
    ol.timeline li { padding: 4px 10px; margin-left: 0; position: relative; }
    ol.timeline li[data-signal] { background: var(--warn-bg); border-left: 4px solid var(--c6); margin-left: -3px; }
    ol.timeline li[data-step] .ev { font-weight: 700; }
    .t { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 8px; }
    .props { color: var(--muted); font-size: 0.85em; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
    @media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
  `];

  disconnectedCallback() {
    super.disconnectedCallback();
    this.destroyCharts();
  }

  private destroyCharts() {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }

  private emit(name: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  updated(changed: Map<string, unknown>) {
    const el = this.renderRoot.querySelector('frictionlens-report') as (HTMLElement & { report: unknown }) | null;
    if (el && (changed.has('report') || (changed.has('theme') && el.getAttribute('theme') !== this.theme))) {
      el.setAttribute('theme', this.theme === 'dark' ? 'dark' : 'light');
      // At least tall enough for its chart and every step's row, and taller with the sections
      // below them (survival, paths…), which a fixed height let spill over the next cards
      // (CSSOM: no inline style attribute under the CSP).
      el.style.minHeight = `${300 + 38 * (this.report?.funnel.steps.length ?? 0)}px`;
      el.report = this.report;
    }
    if (changed.has('report') || changed.has('theme') || changed.has('histStep')) void this.drawCharts();
  }

  private async drawCharts() {
    const report = this.report;
    if (!report) return;
    const Chart = await loadChart();
    this.destroyCharts();
    const color = (name: string) => themeColor(this, name);
    const text = color('--fg');
    const grid = color('--line');
    const muted = color('--muted');
    const axes = (yTitle: string, percent = false) => ({
      x: { ticks: { color: muted }, grid: { color: grid } },
      y: { beginAtZero: true, ...(percent ? { max: 100 } : {}), title: { display: true, text: yTitle, color: muted },
        ticks: { color: muted, ...(percent ? { callback: (v: string | number) => `${v}%` } : {}) }, grid: { color: grid } },
    });
    const steps = report.funnel.steps;
    const histCanvas = this.renderRoot.querySelector<HTMLCanvasElement>('#hist-chart');
    const step = steps[this.histStep];
    if (histCanvas && step?.time_histogram) {
      const h = step.time_histogram;
      this.charts.push(new Chart(histCanvas, {
        type: 'bar',
        data: {
          labels: h.counts.map((_, i) => `${formatSeconds(h.edges_seconds[i])}–${formatSeconds(h.edges_seconds[i + 1])}`),
          datasets: [{ label: `Units reaching ${step.name}`, data: h.counts, backgroundColor: color('--c1') }],
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { labels: { color: text } } }, scales: axes('units') },
      }));
    }
    const trendCanvas = this.renderRoot.querySelector<HTMLCanvasElement>('#trend-chart');
    const trend = report.funnel.trend;
    if (trendCanvas && trend && trend.rows.length) {
      const labels = trend.rows.map((r) => r.start.slice(0, trend.bucket === 'hour' ? 16 : 10).replace('T', ' '));
      this.charts.push(new Chart(trendCanvas, {
        type: 'line',
        data: {
          labels,
          datasets: [
            { label: '95% interval', data: trend.rows.map((r) => 100 * r.conversion_ci95[1]), borderColor: 'transparent',
              backgroundColor: `${color('--c5')}55`, pointRadius: 0, fill: '+1' },
            { label: '95% interval (low)', data: trend.rows.map((r) => 100 * r.conversion_ci95[0]), borderColor: 'transparent',
              pointRadius: 0, fill: false },
            { label: 'Conversion to the last step', data: trend.rows.map((r) => 100 * r.conversion), borderColor: color('--c1'),
              backgroundColor: color('--c1'), pointRadius: 2, borderWidth: 2 },
          ],
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { labels: { color: text, filter: (item: { text: string }) => !item.text.includes('(low)') } } },
          scales: axes('conversion', true) },
      }));
    }
    const bdCanvas = this.renderRoot.querySelector<HTMLCanvasElement>('#breakdown-chart');
    const bd = report.funnel.breakdown;
    if (bdCanvas && bd && bd.segments.length) {
      const segs = bd.segments.slice(0, 7) as Array<{ value: string; steps: Array<{ name: string; conversion: number }> }>;
      this.charts.push(new Chart(bdCanvas, {
        type: 'bar',
        data: {
          labels: steps.map((s) => s.name),
          datasets: segs.map((s, i) => ({ label: (s as { other?: boolean }).other ? '(other)' : s.value, data: s.steps.map((x) => 100 * x.conversion),
            backgroundColor: color(SERIES[i % SERIES.length]) })),
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { labels: { color: text } } }, scales: axes('conversion from step 1', true) },
      }));
    }
  }

  private renderTimeline() {
    const t = this.timeline;
    const f = this.timelineFor;
    if (!f) return '';
    const steps = this.report?.funnel.steps ?? [];
    return html`<section class="card" id="timeline" aria-labelledby="timeline-title" tabindex="-1">
      <div class="row between">
        <h3 id="timeline-title" class="m0">User ${f.user}: their events</h3>
        <button @click=${() => this.emit('close-timeline', {})}>Close</button>
      </div>
      <p class="muted">An example of: ${f.point.sentence}. Events marked ⚠ carry a friction signal; step names show which
        journey step an event matches.</p>
      ${this.timelineError ? html`<p class="error" role="alert">${this.timelineError}</p>` : ''}
      ${t ? html`<p class="muted">${t.events.length < t.total ? `The first ${t.events.length} of ${t.total} events.` : `${t.total} events.`}</p>
        <ol class="timeline">${t.events.map((e) => html`<li ?data-signal=${e.signals.length > 0} ?data-step=${e.steps.length > 0}>
          <span class="t">${e.time.replace('T', ' ').replace('Z', '')}</span>
          <span class="ev">${e.event}</span>
          ${e.steps.map((s) => html` <span class="badge">step ${s + 1}: ${steps[s]?.name ?? ''}</span>`)}
          ${e.signals.map((s) => html` <span class="badge sig">⚠ ${s.signal.replace(/_/g, ' ')}${s.target ? ` on ${s.target}` : ''}</span>`)}
          <div class="props">${Object.entries(e.properties).filter(([k]) => !['user_id', 'timestamp'].includes(k)).slice(0, 8)
            .map(([k, v]) => `${k}=${v}`).join(' · ')}</div></li>`)}</ol>` : html`<p role="status">Loading the events…</p>`}
    </section>`;
  }

  private renderPoint(p: FrictionPoint, i: number) {
    const unit = this.report?.funnel.unit ?? 'users';
    return html`<li><details data-point=${i}>
      <summary>${p.sentence}</summary>
      <div class="evidence">
        <div><span class="muted">Affected ${unit}</span><b>${formatCount(p.affected)}</b>
          reach ${p.compare === 'order' ? 'the order' : p.next_step}: ${formatPercent(p.affected_conversion)}</div>
        <div><span class="muted">Baseline ${unit} (same stage)</span><b>${formatCount(p.baseline)}</b>
          reach it: ${formatPercent(p.baseline_conversion)}</div>
        <div><span class="muted">Difference (95% CI)</span><b>${percentOrDash(p.difference)}</b><span class="ci">${formatInterval(p.difference_ci95)}</span></div>
        <div><span class="muted">Lost conversions (95% CI)</span><b>${num(p.lost_conversions, 1)}</b>
          <span class="ci">${range(p.lost_conversions_ci95, 1)}</span></div>
        ${p.revenue_at_risk !== null ? html`<div><span class="muted">Revenue at risk (95% CI)</span>
          <b>${num(p.revenue_at_risk)}</b><span class="ci">${range(p.revenue_at_risk_ci95)}</span></div>` : ''}
        <div><span class="muted">p · q (${p.test} test)</span><b>${pValue(p.p_value)} · ${pValue(p.q_value)}</b>
          <span class="badge ${p.significant ? 'yes' : ''}">${p.significant ? 'significant' : 'not significant'}</span>
          ${p.enough_data ? '' : html` <span class="badge">too little data</span>`}</div>
        ${p.found_under ? html`<div class="robustness"><span class="muted">Across vendor rules</span>${p.found_under}</div>` : ''}
      </div>
      ${p.segments.length ? html`<h4>Where it concentrates</h4><div class="scroll" tabindex="0" role="region" aria-label="Table (scrolls)"><table>
        <thead><tr><th scope="col">Segment</th><th scope="col" class="num">Share of affected</th><th scope="col" class="num">Share of all</th>
          <th scope="col" class="num">Lift (95% CI)</th></tr></thead>
        <tbody>${p.segments.map((s) => html`<tr><td>${s.property} = ${s.value}</td>
          <td class="num">${formatPercent(s.affected_share as number)}</td><td class="num">${formatPercent(s.population_share as number)}</td>
          <td class="num">${num(s.lift as number, 2)} <span class="ci">${range(s.lift_ci95 as [number, number] | null, 2)}</span></td></tr>`)}
        </tbody></table></div>` : ''}
      <p>Example users: ${p.examples.map((u) => html`<button class="link example" data-user=${u}
        @click=${() => this.emit('open-user', { user: u, point: p })}>${u}</button>`)}</p>
    </details></li>`;
  }

  // The friction score of each session (weights in docs/friction.md), by the stage it was at.
  private renderSessionScores() {
    const scores = this.report?.friction?.session_scores as {
      buckets: string[];
      by_stage: Array<{ stage: string; sessions: number; mean_score: number; counts: Record<string, number> }>;
      total: { stage: string; sessions: number; mean_score: number; counts: Record<string, number> };
    } | undefined;
    if (!scores?.by_stage) return '';
    const rows = [...scores.by_stage.filter((s) => s.sessions > 0), scores.total];
    return html`<section class="card" aria-labelledby="scores-title">
      <h2 id="scores-title">Session friction scores</h2>
      <p class="muted">Each session's weighted count of friction signals, by the stage it was working towards.</p>
      <div class="scroll" tabindex="0" role="region" aria-label="Table (scrolls)"><table id="session-scores">
        <thead><tr><th scope="col">Stage</th><th scope="col" class="num">Sessions</th><th scope="col" class="num">Mean score</th>
          ${scores.buckets.map((b) => html`<th scope="col" class="num">score ${b}</th>`)}</tr></thead>
        <tbody>${rows.map((s) => html`<tr><td>${s.stage}</td><td class="num">${formatCount(s.sessions)}</td>
          <td class="num">${num(s.mean_score, 2)}</td>${scores.buckets.map((b) => html`<td class="num">${formatCount(s.counts[b] ?? 0)}</td>`)}</tr>`)}
        </tbody></table></div></section>`;
  }

  render() {
    const r = this.report;
    const status = html`<p class="status" role="status" aria-live="polite">${this.busy ? 'Updating the funnel…' : ''}</p>
      ${this.specError ? html`<p class="alert error" role="alert" id="spec-error">${this.specError}</p>` : ''}`;
    if (!r) {
      return html`${status}<section class="card"><h2>Funnel</h2>
        <p class="note" id="no-steps">Add a step from “Events in the data”: the funnel, the friction and the rest appear
          with it, and follow every change.</p></section>`;
    }
    const steps = r.funnel.steps;
    const points = r.friction?.points ?? [];
    // The report's own top list: the same points and words as the CLI and its HTML.
    const top = (r.friction?.top ?? []).filter((t) => points[t.point] !== undefined);
    const gains = (r.friction?.without_loss ?? []).filter((t) => points[t.point] !== undefined);
    const hist = steps[this.histStep];
    const bd = r.funnel.breakdown;
    return html`${status}
      <section class="card" aria-labelledby="funnel-title">
        <h2 id="funnel-title">Funnel</h2>
        <p class="muted">Counting ${r.funnel.unit}; conversion from step 1 with its 95% interval. <em>In progress</em>: the
          window had not closed when the data ends, so they are not counted as dropped.</p>
        <frictionlens-report view="funnel" theme=${this.theme === 'dark' ? 'dark' : 'light'}></frictionlens-report>
        <div class="scroll" tabindex="0" role="region" aria-label="Table (scrolls)"><table id="in-progress" class="mt">
          <thead><tr><th scope="col">Step</th><th scope="col" class="num">Reached</th><th scope="col" class="num">Dropped here</th>
            <th scope="col" class="num">Still in progress</th></tr></thead>
          <tbody>${steps.map((s) => html`<tr><td>${s.name}</td><td class="num">${formatCount(s.count)}</td>
            <td class="num">${formatCount(s.dropped)}</td><td class="num">${formatCount(s.in_progress)}</td></tr>`)}</tbody></table></div>
      </section>

      <section class="card" aria-labelledby="friction-title">
        <h2 id="friction-title">Top friction</h2>
        ${top.length === 0 ? html`<p class="muted">No significant friction found.</p>`
          : html`<p class="muted">Ranked by lost conversions, as the CLI ranks them; open one for its evidence and example users.</p>
            <ol class="points" id="points">${top.map((t) => this.renderPoint(points[t.point], t.point))}</ol>`}
        ${gains.length ? html`<h3>Signals without loss</h3>
          <p class="muted">The affected convert better here: shown apart, never ranked with the losses.</p>
          <ul class="points" id="without-loss">${gains.map((t) => this.renderPoint(points[t.point], t.point))}</ul>` : ''}
      </section>
      ${this.renderTimeline()}

      <div class="two">
        <section class="card" aria-labelledby="time-title">
          <h2 id="time-title">Time between steps</h2>
          ${steps.length > 1 ? html`<label>Step<select id="hist-step" @change=${(e: Event) => { this.histStep = Number((e.target as HTMLSelectElement).value); }}>
            ${steps.slice(1).map((s, i) => html`<option value=${i + 1} ?selected=${this.histStep === i + 1}>${steps[i].name} → ${s.name}</option>`)}</select></label>
            ${hist ? html`<p>Median ${formatSeconds(hist.median_seconds_from_previous)}, 90% within ${formatSeconds(hist.p90_seconds_from_previous)},
              mean ${formatSeconds(hist.mean_seconds_from_previous)}; from step 1: median ${formatSeconds(hist.median_seconds_from_start)}.</p>` : ''}
            <div class="chart-box"><canvas id="hist-chart" role="img" aria-label="Distribution of the time from the previous step"></canvas></div>`
          : html`<p class="muted">Add a second step to see the time between steps.</p>`}
        </section>
        <section class="card" aria-labelledby="trend-title">
          <h2 id="trend-title">Trend</h2>
          ${r.funnel.trend && r.funnel.trend.rows.length ? html`<p class="muted">Conversion to the last step by ${r.funnel.trend.bucket} of entry, with its 95% interval.</p>
            <div class="chart-box"><canvas id="trend-chart" role="img" aria-label="Conversion by day of entry"></canvas></div>`
          : html`<p class="muted">No trend: nobody entered the funnel.</p>`}
        </section>
      </div>

      ${this.renderSessionScores()}

      <section class="card" aria-labelledby="breakdown-title">
        <h2 id="breakdown-title">Breakdown</h2>
        ${bd && bd.segments.length ? html`<p class="muted">By ${bd.property} (${bd.attribution.replace('_', ' ')}), ${formatCount(bd.values ?? bd.segments.length)} values${bd.values_in_other ? `, the ${formatCount(bd.segments.length - 1)} largest shown and the rest added up as “other”` : ''}.</p>
          <div class="chart-box"><canvas id="breakdown-chart" role="img" aria-label=${`Conversion by ${bd.property}`}></canvas></div>
          <div class="scroll" tabindex="0" role="region" aria-label="Table (scrolls)"><table id="breakdown-table"><thead><tr><th scope="col">${bd.property}</th>
            ${steps.map((s) => html`<th scope="col" class="num">${s.name}</th>`)}</tr></thead>
            <tbody>${(bd.segments as Array<{ value: string; other?: boolean; steps: Array<{ count: number; conversion: number; conversion_ci95: [number, number] }> }>).map((seg) => html`<tr>
              <td>${seg.other ? `(other: ${formatCount(bd.values_in_other ?? 0)} values)` : seg.value}</td>${seg.steps.map((x) => html`<td class="num">${formatCount(x.count)} · ${formatPercent(x.conversion)}
                <span class="ci">(${formatInterval(x.conversion_ci95)})</span></td>`)}</tr>`)}</tbody></table></div>`
        : html`<p class="muted">Choose a property under “Break down by” in the journey to split the funnel.</p>`}
      </section>`;
  }
}
customElements.define('fl-results', ResultsView);
