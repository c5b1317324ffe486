// <frictionlens-report>: the frictionlens report as a framework-free custom element.
//
//   <script type="module" src="/web/frictionlens-report.js"></script>
//   <frictionlens-report src="events.csv" journey="store" view="funnel" theme="light">
//   </frictionlens-report>
//
// Attributes: src (events URL), journey (a built-in name, a spec URL, or inline spec JSON),
// view (funnel | friction | forms | survival | delivery | input_quality | paths | conformance |
// experiment | correlation),
// theme (light | dark).
// Property: data, events the host already holds (anything createAnalyzer().analyze takes:
// File, Blob, Uint8Array, CSV/JSON Lines text, or an array); it wins over src.
// Property: report, a report the host already has (the CLI's --format json, the
// workbench's): drawn as it is, without analysing anything; Chart.js is loaded for the
// funnel (and chartjs-chart-sankey for the paths) unless the element has the `plain`
// attribute. The CLI's HTML report is this element, inlined, `plain` (no request: the
// funnel is drawn as plain bars, the survival curves and the paths Sankey as inline SVG).
// Parts: frame, title, meta, body, friction (the friction list).
// Events (bubbling, composed): frictionlens-ready {detail: report},
// frictionlens-step-click {detail: {name, index, count, conversion, conversion_ci95}},
// frictionlens-error {detail: {message}}.
//
// The analysis runs in the wasm module's Web Worker (wasm/index.js): every number shown is
// read from the report, in the display forms of web/format.js; "Top friction" is the
// report's friction.top. This file only draws it (funnel with Chart.js, served from the
// project's own node_modules, never a CDN).

// One line each: the CLI's HTML report inlines this file without its import lines (native-cli/CMakeLists.txt).
import { formatCount, formatInterval, formatPercent, formatRatio, formatRatioInterval, formatSeconds } from './format.js';
import { flowSentence, pathsFlows, sankeyChartConfig, sankeySvg } from './paths-sankey.js';

const CHART_URL = new URL('../node_modules/chart.js/dist/chart.umd.js', import.meta.url);
const SANKEY_URL = new URL('../node_modules/chartjs-chart-sankey/dist/chartjs-chart-sankey.min.js', import.meta.url);
const WASM_URL = new URL('../wasm/index.js', import.meta.url);
const VIEWS = ['funnel', 'friction', 'forms', 'survival', 'delivery', 'input_quality', 'paths', 'conformance',
  'experiment', 'correlation'];
const SVG_NS = 'http://www.w3.org/2000/svg';

// An absolute difference of rates in percentage points: 0.04 -> "+4.0 pp".
function points(difference) {
  const value = 100 * difference;
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} pp`;
}

// A table that may scroll sideways in a narrow box: the box takes the keyboard focus (so
// that it can be scrolled without a mouse) and is named for screen readers.
function scrollBox(table, label) {
  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.tabIndex = 0;
  scroll.setAttribute('role', 'region');
  scroll.setAttribute('aria-label', label);
  scroll.append(table);
  return scroll;
}

// A table of `className` with a header row of `titles` (column headers) and an empty body.
function headedTable(className, titles) {
  const table = document.createElement('table');
  table.className = className;
  const head = table.createTHead().insertRow();
  for (const title of titles) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  table.createTBody();
  return table;
}

// A table of text cells under column titles; each row's `data` goes to its dataset.
function dataTable(className, titles, rows) {
  const table = headedTable(className, titles);
  const body = table.tBodies[0];
  for (const { data, cells } of rows) {
    const row = body.insertRow();
    Object.assign(row.dataset, data);
    for (const text of cells) row.insertCell().textContent = text;
  }
  return table;
}

// A section's box under its heading.
function headedSection(className, title) {
  const section = document.createElement('div');
  section.className = className;
  const heading = document.createElement('h3');
  heading.textContent = title;
  section.append(heading);
  return section;
}

// The core's sentences as a list, or null when there are none (no empty list is drawn).
function sentenceList(className, texts) {
  const list = document.createElement('ul');
  list.className = className;
  for (const text of texts ?? []) {
    const item = document.createElement('li');
    item.textContent = text;
    list.append(item);
  }
  return list.childElementCount ? list : null;
}

let analyzerPromise = null;
function sharedAnalyzer() {
  analyzerPromise ??= import(WASM_URL.href).then(({ createAnalyzer }) => createAnalyzer()).catch((error) => {
    analyzerPromise = null;
    throw error;
  });
  return analyzerPromise;
}

let chartPromise = null;
function loadChart() {
  // The UMD bundle sets globalThis.Chart when imported as a module.
  chartPromise ??= import(CHART_URL.href).then(() => globalThis.Chart);
  return chartPromise;
}

// chartjs-chart-sankey's UMD build registers its controller with the global Chart, so
// Chart.js comes first (a host that loaded the same chart.umd.js, as the workbench does,
// shares it).
let sankeyPromise = null;
function loadSankey() {
  sankeyPromise ??= loadChart().then(() => import(SANKEY_URL.href)).catch((error) => {
    sankeyPromise = null;
    throw error;
  });
  return sankeyPromise;
}

function sankeyRegistered() {
  try {
    return Boolean(globalThis.Chart?.registry.getController('sankey'));
  } catch {
    return false;
  }
}

const STYLE = `
:host { display: block; width: 100%; height: 100%; min-height: 320px; box-sizing: border-box;
  --fl-bg: #ffffff; --fl-fg: #1d2330; --fl-muted: #5d6678; --fl-line: #dde2ea;
  --fl-bar: #3b6fd8; --fl-bar-soft: rgba(59, 111, 216, 0.18); --fl-whisker: #1d2330;
  --fl-warn: #b3471d; --fl-row-hover: #f1f4fa;
  color: var(--fl-fg); background: var(--fl-bg);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
:host([theme="dark"]) { --fl-bg: #161a22; --fl-fg: #e6e9ef; --fl-muted: #9aa3b5; --fl-line: #2c3342;
  --fl-bar: #6e9bf5; --fl-bar-soft: rgba(110, 155, 245, 0.22); --fl-whisker: #e6e9ef;
  --fl-warn: #f0915e; --fl-row-hover: #202634; }
:host([hidden]) { display: none; }
/* The frame grows past a fixed-height host with its content (a long overview or paths view),
   painting the theme's background under all of it: text is never left on the host page's. */
.frame { display: flex; flex-direction: column; min-height: 100%; padding: 12px 16px; box-sizing: border-box; gap: 10px;
  background: var(--fl-bg); }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; }
h2 { margin: 0; font-size: 1.1em; }
.meta, .note, .status { color: var(--fl-muted); font-size: 0.9em; }
.status[data-state="error"] { color: var(--fl-warn); }
.chart { position: relative; flex: 1 1 auto; min-height: 180px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 4px 8px; border-bottom: 1px solid var(--fl-line); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; white-space: normal; }
th { color: var(--fl-muted); font-weight: 600; font-size: 0.85em; }
/* Columns of words, not numbers: read from the left (event lists, names, example users). */
table.paths-steps :is(th, td):nth-child(n+3), table.paths-edges :is(th, td):nth-child(2),
table.correlation-candidates :is(th, td):nth-child(2), table.correlation-candidates :is(th, td):last-child,
table.conformance-examples :is(th, td):nth-child(2), table.conformance-examples :is(th, td):last-child {
  text-align: left;
}
table.paths-steps td:nth-child(n+3) { white-space: normal; }
table.steps tbody tr { cursor: pointer; }
table.steps tbody tr:hover, table.steps tbody tr:focus { background: var(--fl-row-hover); outline: none; }
.bars { display: grid; grid-template-columns: minmax(8em, auto) 1fr auto; gap: 6px 10px; align-items: center; }
.bars .track { position: relative; height: 20px; }
.bars .bar { position: absolute; top: 0; bottom: 0; left: 0; background: var(--fl-bar); border-radius: 3px; }
.bars .whisker { position: absolute; top: 9px; height: 2px; background: var(--fl-whisker); }
dl.quality { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dl.quality dt { color: var(--fl-muted); }
dl.quality dd { margin: 0; }
.srm-warning { border-left: 4px solid var(--fl-warn); padding: 6px 10px; margin: 8px 0; font-weight: 600; }
table.comparisons { border-collapse: collapse; width: 100%; }
table.comparisons td, table.comparisons th { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--fl-line); }
table.comparisons tr.significant td[data-field=verdict] { font-weight: 600; }
.ci { color: var(--fl-muted); font-size: 0.85em; }
table.fields tr.friction td { color: var(--fl-warn); font-weight: 600; }
ul.form-friction { margin: 4px 0; padding-left: 1.2em; }
.scroll { overflow-x: auto; }
ol.friction { margin: 0; padding-left: 1.4em; }
ol.friction li { margin: 4px 0; }
ol.friction .robustness { color: var(--fl-muted); font-size: 0.9em; }
h3 { margin: 4px 0; font-size: 1em; }
svg.survival-chart { width: 100%; max-width: 720px; height: auto; display: block; }
svg.survival-chart .axis { stroke: var(--fl-line); }
svg.survival-chart text { fill: var(--fl-muted); font-size: 11px; }
svg.survival-chart path.curve { fill: none; stroke-width: 2; }
.c0 { stroke: #3b6fd8; background: #3b6fd8; } .c1 { stroke: #d8743b; background: #d8743b; }
.c2 { stroke: #2e9e6a; background: #2e9e6a; } .c3 { stroke: #a04fc4; background: #a04fc4; }
.c4 { stroke: #c43f5e; background: #c43f5e; } .c5 { stroke: #7a8799; background: #7a8799; }
.c6 { stroke: #b59a1e; background: #b59a1e; } .c7 { stroke: #1e9fb5; background: #1e9fb5; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 4px 0; padding: 0; font-size: 0.9em; }
ul.legend .swatch { display: inline-block; width: 14px; height: 3px; margin-right: 6px; vertical-align: middle; }
ul.survival-sentences { margin: 4px 0; padding-left: 1.2em; }
.sankey-chart { position: relative; height: 340px; }
svg.paths-sankey-svg { width: 100%; height: auto; display: block; }
svg.paths-sankey-svg path.flow { fill: var(--fl-bar); fill-opacity: 0.35; }
svg.paths-sankey-svg path.flow.dropped { fill: var(--fl-warn); }
svg.paths-sankey-svg path.flow.open { fill: var(--fl-muted); }
svg.paths-sankey-svg path.flow:hover { fill-opacity: 0.6; }
svg.paths-sankey-svg rect.node { fill: var(--fl-bar); }
svg.paths-sankey-svg rect.node.dropped { fill: var(--fl-warn); }
svg.paths-sankey-svg rect.node.open { fill: var(--fl-muted); }
svg.paths-sankey-svg text { fill: var(--fl-fg); font-size: 11px; paint-order: stroke; stroke: var(--fl-bg);
  stroke-width: 3px; stroke-linejoin: round; }
svg.paths-sankey-svg text.step { font-weight: 600; }
ul.paths-flows { margin: 4px 0; padding-left: 1.2em; }
:host([data-compact]) .wide { display: none; }
`;

let sharedSheet;
function styleSheet() {
  if (sharedSheet === undefined) {
    sharedSheet = null;
    try {
      if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in ShadowRoot.prototype) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLE);
        sharedSheet = sheet;
      }
    } catch {
      sharedSheet = null;
    }
  }
  return sharedSheet;
}

class FrictionLensReport extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'journey', 'view', 'theme'];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    // A constructed sheet where the browser has them, so a page whose Content-Security-Policy
    // forbids inline styles (the workbench's) still styles the element.
    const sheet = styleSheet();
    if (sheet) this.shadowRoot.adoptedStyleSheets = [sheet];
    this.shadowRoot.innerHTML = `${sheet ? '' : `<style>${STYLE}</style>`}
      <div class="frame" part="frame">
        <header><h2 part="title"></h2><span class="meta" part="meta"></span></header>
        <div class="status" role="status" aria-live="polite"></div>
        <section class="body" part="body"></section>
      </div>`;
    this.titleEl = this.shadowRoot.querySelector('h2');
    this.metaEl = this.shadowRoot.querySelector('.meta');
    this.statusEl = this.shadowRoot.querySelector('.status');
    this.bodyEl = this.shadowRoot.querySelector('.body');
    this._data = undefined;
    this._report = null;
    this._chart = null;
    this._controller = null;
    this._loadQueued = false;
    this._resize = new ResizeObserver(() => this.onResize());
  }

  get data() {
    return this._data;
  }
  set data(value) {
    this._data = value;
    this.queueLoad();
  }
  // The last report (null until frictionlens-ready).
  get report() {
    return this._report;
  }
  // A report to draw as it is: any analysis under way is stopped and none is started.
  set report(value) {
    this._controller?.abort();
    this._given = value;
    this._report = value ?? null;
    this.setStatus('');
    this.render();
    this.dispatchEvent(new CustomEvent('frictionlens-ready', { detail: value, bubbles: true, composed: true }));
    if (!globalThis.Chart && !this.hasAttribute('plain')) {
      loadChart().then(() => this.render(), (error) => this.setStatus(error.message, 'error'));
    }
  }
  get view() {
    const view = this.getAttribute('view');
    return VIEWS.includes(view) ? view : 'funnel';
  }
  set view(value) {
    this.setAttribute('view', value);
  }

  connectedCallback() {
    this._resize.observe(this);
    this.queueLoad();
  }

  disconnectedCallback() {
    this._resize.disconnect();
    this._controller?.abort();
    this.destroyChart();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === 'src' || name === 'journey') this.queueLoad();
    else if (name === 'view' || name === 'theme') this.render();
  }

  // Several attribute changes in one task make one analysis.
  queueLoad() {
    if (this._loadQueued || !this.isConnected) return;
    this._loadQueued = true;
    queueMicrotask(() => {
      this._loadQueued = false;
      this.load();
    });
  }

  async journeyValue(signal) {
    const journey = (this.getAttribute('journey') ?? '').trim();
    if (journey === '') return 'store';
    if (journey.startsWith('{')) return journey;           // inline spec JSON
    if (/^[A-Za-z0-9_-]+$/.test(journey)) return journey;  // a built-in journey name
    const response = await fetch(new URL(journey, document.baseURI), { signal });
    if (!response.ok) throw new Error(`journey: cannot read ${journey}: HTTP ${response.status}`);
    return response.text();
  }

  async load() {
    if (this._given !== undefined) return;  // a report was handed over: nothing to analyse
    const src = this.getAttribute('src');
    const input = this._data !== undefined ? this._data : src ? new URL(src, document.baseURI) : undefined;
    if (input === undefined) {
      if (this._report) return;  // set by the host
      this.setStatus('No events: set the src attribute or the data property.');
      return;
    }
    this._controller?.abort();
    const controller = new AbortController();
    this._controller = controller;
    this.setStatus('Loading the analysis engine…');
    try {
      const journey = await this.journeyValue(controller.signal);
      const analyzer = await sharedAnalyzer();
      this.setStatus('Analysing…');
      const report = await analyzer.analyze(input, journey, {
        signal: controller.signal,
        onProgress: ({ bytes, total }) => this.setStatus(total
          ? `Analysing… ${Math.floor((100 * bytes) / total)}% of ${formatCount(total)} bytes`
          : `Analysing… ${formatCount(bytes)} bytes`),
      });
      if (controller.signal.aborted) return;
      await loadChart();
      this._report = report;
      this.setStatus('');
      this.render();
      this.dispatchEvent(new CustomEvent('frictionlens-ready', { detail: report, bubbles: true, composed: true }));
    } catch (error) {
      if (controller.signal.aborted || error.name === 'AbortError') return;
      this.setStatus(error.message, 'error');
      this.dispatchEvent(new CustomEvent('frictionlens-error', {
        detail: { message: error.message }, bubbles: true, composed: true }));
    }
  }

  setStatus(text, state = 'info') {
    this.statusEl.textContent = text;
    this.statusEl.dataset.state = state;
    this.statusEl.hidden = text === '';
  }

  onResize() {
    // Narrow containers drop the secondary columns; the chart follows its box.
    this.toggleAttribute('data-compact', this.clientWidth > 0 && this.clientWidth < 560);
    this._chart?.resize();
  }

  destroyChart() {
    this._chart?.destroy();
    this._chart = null;
    this._sankey?.destroy();
    this._sankey = null;
  }

  render() {
    const report = this._report;
    if (!report) return;
    this.destroyChart();
    const funnel = report.funnel ?? {};
    const journeyName = report.journey?.name ?? 'Journey';
    this.titleEl.textContent = journeyName;
    const input = report.input ?? {};
    this.metaEl.textContent = [
      input.events !== undefined ? `${formatCount(input.events)} events` : null,
      input.users !== undefined ? `${formatCount(input.users)} users` : null,
      funnel.unit ? `counting ${funnel.unit}` : null,
      input.rejected ? `${formatCount(input.rejected)} rows rejected` : null,
    ].filter(Boolean).join(' · ');
    this.bodyEl.replaceChildren();
    this.bodyEl.dataset.view = this.view;
    switch (this.view) {
      case 'funnel':
        if (report.funnel) this.renderFunnel(funnel.steps ?? []);
        this.renderTopFriction();
        if (funnel.breakdown) this.renderBreakdown(funnel.breakdown);
        if (report.forms?.forms?.length) this.renderForms(report.forms);
        if (report.survival?.steps?.length) this.renderSurvival(report.survival);
        if (report.paths?.steps?.length) this.renderPaths(report.paths);
        // Why people drop, and how they moved: the overview is also the CLI's HTML report
        // and the workbench's funnel card, where the separate views are not offered.
        if (report.correlation?.steps?.length) this.renderCorrelation(report.correlation);
        if (report.conformance?.units) this.renderConformance(report.conformance);
        if (report.delivery?.orders) this.renderDelivery(report.delivery);
        if (report.input_quality) this.renderInputQuality(report.input_quality, input);
        break;
      case 'delivery':
        if (report.delivery) this.renderDelivery(report.delivery);
        else this.renderPending(this.view);
        break;
      case 'survival':
        if (report.survival) this.renderSurvival(report.survival);
        else this.renderPending(this.view);
        break;
      case 'forms':
        if (report.forms) this.renderForms(report.forms);
        else this.renderPending(this.view);
        break;
      case 'friction':
        this.renderFriction();
        break;
      case 'input_quality':
        if (report.input_quality) this.renderInputQuality(report.input_quality, input);
        else this.renderPending(this.view);
        break;
      case 'paths':
        if (report.paths) this.renderPaths(report.paths);
        else this.renderPending(this.view);
        break;
      case 'conformance':
        if (report.conformance) this.renderConformance(report.conformance);
        else this.renderPending(this.view);
        break;
      case 'experiment':
        if (report.experiment) this.renderExperiment(report.experiment, report.friction);
        else this.renderPending(this.view);
        break;
      case 'correlation':
        if (report.correlation) this.renderCorrelation(report.correlation);
        else this.renderPending(this.view);
        break;
      default:
        this.renderPending(this.view);
    }
  }

  stepDetail(step, index) {
    return { name: step.name, index, count: step.count, conversion: step.conversion,
      conversion_ci95: step.conversion_ci95 };
  }

  clickStep(step, index) {
    this.dispatchEvent(new CustomEvent('frictionlens-step-click', {
      detail: this.stepDetail(step, index), bubbles: true, composed: true }));
  }

  renderFunnel(steps) {
    const chartBox = document.createElement('div');
    chartBox.className = 'chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Funnel: conversion from the first step, with 95% intervals');
    chartBox.append(canvas);

    const table = document.createElement('table');
    table.className = 'steps';
    table.innerHTML = `<thead><tr><th>Step</th><th>Count</th><th>From first (95% CI)</th>
      <th>From previous (95% CI)</th><th class="wide">Dropped</th><th class="wide">In progress</th>
      <th class="wide">Median time</th></tr></thead><tbody></tbody>`;
    const body = table.querySelector('tbody');
    steps.forEach((step, index) => {
      const row = document.createElement('tr');
      row.tabIndex = 0;
      Object.assign(row.dataset, { index: String(index), name: step.name, count: String(step.count),
        conversion: String(step.conversion), stepConversion: String(step.step_conversion) });
      const cell = (text, cls) => {
        const td = document.createElement('td');
        if (cls) td.className = cls;
        td.textContent = text;
        return td;
      };
      const rate = (value, ci, name) => {
        const td = document.createElement('td');
        td.dataset.field = name;
        const main = document.createElement('span');
        main.className = 'rate';
        main.textContent = formatPercent(value);
        const interval = document.createElement('span');
        interval.className = 'ci';
        interval.textContent = ` (${formatInterval(ci)})`;
        td.append(main, interval);
        return td;
      };
      const name = cell(step.name);
      name.dataset.field = 'name';
      const count = cell(formatCount(step.count));
      count.dataset.field = 'count';
      row.append(name, count, rate(step.conversion, step.conversion_ci95, 'conversion'),
        rate(step.step_conversion, step.step_conversion_ci95, 'step_conversion'),
        cell(formatCount(step.dropped ?? 0), 'wide'), cell(formatCount(step.in_progress ?? 0), 'wide'),
        cell(index === 0 ? '–' : formatSeconds(step.median_seconds_from_previous), 'wide'));
      row.addEventListener('click', () => this.clickStep(step, index));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') this.clickStep(step, index);
      });
      body.append(row);
    });
    const scroll = document.createElement('div');
    scroll.className = 'scroll';
    scroll.append(table);
    if (globalThis.Chart) {
      this.bodyEl.append(chartBox, scroll);
      this.drawFunnelChart(canvas, steps);
    } else {
      this.bodyEl.append(this.funnelBars(steps), scroll);
    }
  }

  // The funnel without Chart.js (the CLI's self-contained HTML): a bar per step, its
  // length the conversion from the first step, the whisker its 95% interval.
  funnelBars(steps) {
    const bars = document.createElement('div');
    bars.className = 'bars';
    bars.setAttribute('role', 'img');
    bars.setAttribute('aria-label', 'Funnel: conversion from the first step, with 95% intervals');
    for (const step of steps) {
      const name = document.createElement('span');
      name.textContent = step.name;
      const track = document.createElement('span');
      track.className = 'track';
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${100 * step.conversion}%`;
      track.append(bar);
      if (Array.isArray(step.conversion_ci95)) {
        const whisker = document.createElement('span');
        whisker.className = 'whisker';
        whisker.style.left = `${100 * step.conversion_ci95[0]}%`;
        whisker.style.width = `${100 * (step.conversion_ci95[1] - step.conversion_ci95[0])}%`;
        track.append(whisker);
      }
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = `${formatCount(step.count)} · ${formatPercent(step.conversion)}`;
      bars.append(name, track, value);
    }
    return bars;
  }

  renderBreakdown(breakdown) {
    const section = document.createElement('div');
    section.className = 'breakdown-section';
    const heading = document.createElement('h3');
    heading.textContent = `By ${breakdown.property}`;
    const table = document.createElement('table');
    table.className = 'breakdown';
    table.innerHTML = `<thead><tr><th>Value</th><th>Entered</th><th>Converted</th>
      <th>Conversion (95% CI)</th></tr></thead><tbody></tbody>`;
    const body = table.querySelector('tbody');
    for (const segment of breakdown.segments ?? []) {
      const steps = segment.steps ?? [];
      const last = steps[steps.length - 1] ?? {};
      const row = document.createElement('tr');
      // The values beyond the spec's `top`, added up: say how many.
      const value = segment.other ? `(other: ${formatCount(breakdown.values_in_other ?? 0)} values)` : segment.value;
      for (const text of [value, formatCount(steps[0]?.count ?? 0), formatCount(last.count ?? 0),
        `${formatPercent(last.conversion ?? 0)} (${formatInterval(last.conversion_ci95)})`]) {
        const td = document.createElement('td');
        td.textContent = text;
        row.append(td);
      }
      body.append(row);
    }
    section.append(heading, scrollBox(table, `Conversion by ${breakdown.property}`));
    this.bodyEl.append(section);
  }

  // The forms section: the fields that make people leave (forms.friction, decided in the
  // core), then each form's sentence and its fields in form order.
  renderForms(forms) {
    const section = headedSection('forms', 'Forms');
    if (!(forms.forms ?? []).length) {
      const none = document.createElement('p');
      none.className = 'note';
      none.textContent = 'No form events in this data (form_start, field_focus, field_change, field_error, form_submit…).';
      section.append(none);
    }
    if ((forms.friction ?? []).length) {
      const list = document.createElement('ul');
      list.className = 'form-friction';
      for (const entry of forms.friction) {
        const item = document.createElement('li');
        item.dataset.form = entry.form;
        item.dataset.field = entry.field;
        item.textContent = entry.sentence;
        list.append(item);
      }
      section.append(list);
    }
    for (const form of forms.forms ?? []) {
      const summary = document.createElement('p');
      summary.className = 'form-summary';
      summary.dataset.form = form.form;
      summary.textContent = form.sentence;
      section.append(summary);
      if (!(form.fields ?? []).length) continue;
      const table = headedTable('fields',
        ['Field', 'Reached', 'Left here', 'vs other fields', 'Errors', 'Came back', 'Time (median / p90)']);
      table.dataset.form = form.form;
      const body = table.tBodies[0];
      for (const field of form.fields) {
        const row = body.insertRow();
        row.dataset.field = field.field;
        if (field.friction) row.classList.add('friction');
        const vs = field.vs_other_fields;
        const time = field.time_in_field ?? {};
        const cells = [
          field.field,
          formatCount(field.reached),
          `${formatPercent(field.abandonment.rate)} (${formatInterval(field.abandonment.ci95)})`,
          vs ? `${vs.difference >= 0 ? '+' : ''}${(100 * vs.difference).toFixed(1)} pp` : '–',
          formatCount(field.errors),
          formatCount(field.refill_persons),
          time.median_ms === null || time.median_ms === undefined ? '–'
            : `${formatSeconds(time.median_ms / 1000)} / ${formatSeconds(time.p90_ms / 1000)}`,
        ];
        for (const text of cells) row.insertCell().textContent = text;
      }
      section.append(scrollBox(table, `Fields of ${form.form}`));
    }
    this.bodyEl.append(section);
  }

  // The input_quality section: rows, rejections by reason, duplicates, events per user,
  // each file's time range; then the input's warnings and first rejected rows.
  renderInputQuality(quality, input) {
    const section = document.createElement('div');
    section.className = 'input-quality';
    const heading = document.createElement('h3');
    heading.textContent = 'Input quality';
    const list = document.createElement('dl');
    list.className = 'quality';
    const add = (term, text, field) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = text;
      if (field) dd.dataset.field = field;
      list.append(dt, dd);
    };
    const reasons = (quality.rejected_by_reason ?? []).map((r) => `${r.reason} ${formatCount(r.rows)}`).join(', ');
    add('Rows', `${formatCount(quality.rows)} read, ${formatCount(quality.events)} used, ` +
      `${formatCount(quality.rejected)} rejected${reasons ? ` (${reasons})` : ''}`, 'rows');
    add('Duplicate events', formatCount(quality.duplicate_events), 'duplicate_events');
    const perUser = quality.events_per_user ?? {};
    if (perUser.min !== null && perUser.min !== undefined) {
      const percentiles = (perUser.percentiles ?? []).map((p) => `p${p.percentile} ${formatCount(p.events)}`);
      add('Events per user', [`min ${formatCount(perUser.min)}`, ...percentiles, `max ${formatCount(perUser.max)}`]
        .join(', '), 'events_per_user');
    }
    for (const file of quality.files ?? []) {
      add(file.file, `${formatCount(file.rows)} rows, ${formatCount(file.rejected)} rejected` +
        (file.first_time ? `, ${file.first_time} to ${file.last_time}` : ''), 'file');
    }
    for (const warning of input.warnings ?? []) add('Warning', warning, 'warning');
    for (const r of (input.rejections ?? []).slice(0, 5)) {
      add('Rejected', `${r.file}:${r.line}:${r.column}: ${r.reason}`, 'rejection');
    }
    section.append(heading, list);
    this.bodyEl.append(section);
  }

  // (The verdicts and their figures are the section's; only their display is made here.)
  // The survival section: each step's Kaplan-Meier curve of reaching it over time since
  // step 1 (a log time axis, from 1 s to the window), its reach at the landmarks and its
  // median in a table, the core's sentences, and the log-rank comparison by segment.
  renderSurvival(survival) {
    const section = document.createElement('div');
    section.className = 'survival';
    const heading = document.createElement('h3');
    heading.textContent = 'Time to reach each step';
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = 'Kaplan-Meier from step 1: units still inside their window when the data ends are ' +
      'censored, not counted as lost.';
    section.append(heading, note);
    const steps = survival.steps ?? [];
    if (steps.length) section.append(this.survivalChart(survival), this.survivalLegend(steps));
    const landmarks = survival.landmarks_ms ?? [];
    const table = headedTable('survival',
      ['Reached by', ...landmarks.map((ms) => formatSeconds(ms / 1000)), 'Median (95% CI)']);
    const body = table.tBodies[0];
    const ms = (value, none) => (typeof value === 'number' ? formatSeconds(value / 1000) : none);
    for (const step of steps) {
      const row = body.insertRow();
      row.dataset.name = step.name;
      const median = typeof step.median_ms === 'number'
        ? `${ms(step.median_ms)} (${ms(step.median_ci95_ms?.[0], '?')} to ${ms(step.median_ci95_ms?.[1], 'beyond')})`
        : 'under half reach it';
      const cells = [step.name, ...(step.landmarks ?? []).map((l) => formatPercent(l.reach)), median];
      for (const text of cells) row.insertCell().textContent = text;
      row.cells[row.cells.length - 2].title = `95% CI ${formatInterval(step.reach_by_window_ci95)}`;
    }
    section.append(scrollBox(table, 'Share that reached each step by each time'));
    const sentences = document.createElement('ul');
    sentences.className = 'survival-sentences';
    for (const step of steps) {
      const item = document.createElement('li');
      item.textContent = step.sentence;
      sentences.append(item);
    }
    for (const test of survival.comparison?.log_rank ?? []) {
      const item = document.createElement('li');
      item.className = 'log-rank';
      item.textContent = test.sentence;
      sentences.append(item);
    }
    section.append(sentences);
    this.bodyEl.append(section);
  }

  survivalLegend(steps) {
    const legend = document.createElement('ul');
    legend.className = 'legend';
    steps.forEach((step, i) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch c${i % 8}`;
      item.append(swatch, step.name);
      legend.append(item);
    });
    return legend;
  }

  // The curves as step functions in an SVG (no chart library, so the CLI's plain HTML draws
  // them too): x is log time from 1 s to the window, y the share reached.
  survivalChart(survival) {
    const width = 640, height = 220, left = 44, right = 12, top = 10, bottom = 28;
    const steps = survival.steps ?? [];
    const end = Math.max(survival.window_ms ?? 0, 2000);
    const start = 1000;
    const x = (t) => left + (width - left - right) * (Math.log(Math.max(t, start) / start) / Math.log(end / start));
    const highest = Math.max(0.1, ...steps.map((s) => s.reach_by_window ?? 0),
      ...steps.flatMap((s) => (s.curve ?? []).map((p) => p.reach)));
    const ceiling = Math.min(1, Math.ceil(highest * 10) / 10);
    const y = (reach) => top + (height - top - bottom) * (1 - reach / ceiling);
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'survival-chart');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Share of units that reached each step, by time since step 1 (the table below has the figures)');
    const add = (name, attributes, text) => {
      const node = document.createElementNS(SVG_NS, name);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
      if (text !== undefined) node.textContent = text;
      svg.append(node);
      return node;
    };
    add('line', { class: 'axis', x1: left, y1: y(0), x2: width - right, y2: y(0) });
    add('line', { class: 'axis', x1: left, y1: y(0), x2: left, y2: y(ceiling) });
    for (let r = 0; r <= ceiling + 1e-9; r += ceiling / 4) {
      add('text', { x: left - 6, y: y(r) + 4, 'text-anchor': 'end' }, formatPercent(r));
    }
    // Tick labels at the landmarks, the window's end flush right; one too close to the
    // previous label is left out (its tick stays).
    let labelled = -Infinity;
    for (const ms of survival.landmarks_ms ?? []) {
      const at = x(ms);
      add('line', { class: 'axis', x1: at, y1: y(0), x2: at, y2: y(0) + 4 });
      const last = ms >= end;
      // The right-aligned last label takes about 60 px left of the end.
      if (!last && (at - labelled < 52 || x(end) - at < 60)) continue;
      add('text', { x: at, y: height - 8, 'text-anchor': last ? 'end' : 'middle' }, formatSeconds(ms / 1000));
      labelled = at;
    }
    steps.forEach((step, i) => {
      let d = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
      let last = 0;
      for (const point of step.curve ?? []) {
        d += ` H${x(point.t_ms).toFixed(1)} V${y(point.reach).toFixed(1)}`;
        last = point.reach;
      }
      d += ` H${x(end).toFixed(1)}`;
      const path = add('path', { class: `curve c${i % 8}`, d });
      path.dataset.step = step.name;
      path.dataset.reach = String(last);
    });
    return svg;
  }

  // The delivery section: the on-time sentence (the core's), both rules in a table, how
  // late the late ones were, the late share by property, what lateness does afterwards,
  // and impossible orders.
  renderDelivery(delivery) {
    const section = document.createElement('div');
    section.className = 'delivery';
    const heading = document.createElement('h3');
    heading.textContent = 'Delivery: promise kept?';
    const summary = document.createElement('p');
    summary.className = 'delivery-summary';
    summary.textContent = delivery.sentence ||
      `${formatCount(delivery.orders)} orders, none with a promise to judge (the setting delivery.promise names the property).`;
    section.append(heading, summary);
    const table = headedTable('delivery-rules', ['Rule', 'Judged', 'On time (95% CI)', 'Late per 1,000', 'Late', 'Overdue']);
    const body = table.tBodies[0];
    for (const rule of delivery.rules ?? []) {
      const row = body.insertRow();
      row.dataset.rule = rule.rule;
      const rate = rule.on_time_rate === null ? '–'
        : `${formatPercent(rule.on_time_rate)} (${formatInterval(rule.on_time_rate_ci95)})`;
      const cells = [rule.rule === 'timestamp' ? 'after the promised time' : 'on a later day than promised',
        formatCount(rule.judged), rate, rule.late_per_1000 === null ? '–' : formatCount(Math.round(rule.late_per_1000)),
        formatCount(rule.late), formatCount(rule.overdue)];
      for (const text of cells) row.insertCell().textContent = text;
    }
    section.append(scrollBox(table, 'On-time rate by rule'));
    const lateness = delivery.lateness ?? {};
    if (lateness.late_delivered) {
      const line = document.createElement('p');
      line.className = 'note';
      line.textContent = `Late deliveries: median ${formatSeconds(lateness.median_ms / 1000)} after the promise, ` +
        `p90 ${formatSeconds(lateness.p90_ms / 1000)}; ` +
        (lateness.by_days ?? []).filter((b) => b.orders).map((b) => `${b.late_by}: ${formatCount(b.orders)}`).join(', ');
      section.append(line);
    }
    for (const by of delivery.by ?? []) {
      const byTable = headedTable('delivery-by', [by.property, 'Judged', 'Late (95% CI)']);
      byTable.dataset.property = by.property;
      const byBody = byTable.tBodies[0];
      for (const value of by.values ?? []) {
        const row = byBody.insertRow();
        for (const text of [value.value, formatCount(value.judged),
          `${formatPercent(value.late_share)} (${formatInterval(value.late_share_ci95)})`]) {
          row.insertCell().textContent = text;
        }
      }
      section.append(scrollBox(byTable, `Late share by ${by.property}`));
    }
    const list = document.createElement('ul');
    list.className = 'delivery-sentences';
    for (const comparison of delivery.downstream?.comparisons ?? []) {
      const item = document.createElement('li');
      item.dataset.measure = comparison.measure;
      item.textContent = comparison.sentence;
      list.append(item);
    }
    for (const finding of delivery.findings ?? []) {
      const item = document.createElement('li');
      item.className = 'finding';
      item.textContent = `Data: ${finding.sentence}`;
      list.append(item);
    }
    if (list.childElementCount) section.append(list);
    this.bodyEl.append(section);
  }

  // The paths section: what those who dropped at each step did instead (the core's
  // sentences), per step the top events before, after and instead, the variants with their
  // conversion, and the most frequent transitions of the directly-follows graph.
  renderPaths(paths) {
    const section = headedSection('paths', 'Paths: where units went');
    const sentences = sentenceList('paths-sentences', paths.sentences);
    if (sentences) section.append(sentences);
    section.append(this.pathsSankey());
    const table = (className, titles, rows, label) => section.append(scrollBox(dataTable(className, titles, rows), label));
    const top = (list) => (list?.events ?? []).slice(0, 3)
      .map((e) => `${e.event} ${formatPercent(e.share)} (${formatInterval(e.share_ci95)})`).join('; ') || '–';
    table('paths-steps', ['Step', 'Units with its event', 'Before', 'Next', 'Dropped here: next instead'],
      (paths.steps ?? []).map((step) => ({ data: { step: step.step },
        cells: [step.step, formatCount(step.with_event), top(step.before), top(step.after),
          step.dropped ? `${formatCount(step.dropped.units)}: ${top(step.dropped)}` : '–'] })),
      'What came before and after each step');
    table('paths-variants', ['Variant (steps in order)', 'Units', 'Share (95% CI)', 'Conversion (95% CI)'],
      (paths.variants?.top ?? []).map((v) => ({ data: {},
        cells: [v.steps.join(' > '), formatCount(v.units), `${formatPercent(v.share)} (${formatInterval(v.share_ci95)})`,
          `${formatPercent(v.conversion)} (${formatInterval(v.conversion_ci95)})`] })),
      'Variants');
    const ms = (value) => (typeof value === 'number' ? formatSeconds(value / 1000) : '–');
    table('paths-edges', ['From', 'To', 'Count', 'Share of from', 'Median time'],
      (paths.graph?.edges ?? []).slice(0, 15).map((e) => ({ data: { from: e.from, to: e.to },
        cells: [e.from, e.to, formatCount(e.count), formatPercent(e.share_of_from), ms(e.median_ms)] })),
      'Most frequent transitions');
    this.bodyEl.append(section);
  }

  // The journey's flow as a Sankey (web/paths-sankey.js), then every flow as text: drawn by
  // chartjs-chart-sankey where Chart.js is loaded, as inline SVG in the plain mode; while the
  // plugin loads (or if it cannot be had), the SVG stands in.
  pathsSankey() {
    const box = document.createElement('div');
    box.className = 'paths-sankey';
    const model = pathsFlows(this._report);
    if (model.problem || !model.flows.length) {
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = model.problem ? `The flow is not drawn: ${model.problem}.`
        : 'No flow to draw: no unit entered, or the journey has one step.';
      box.append(note);
      return box;
    }
    const plain = this.hasAttribute('plain');
    if (!plain && sankeyRegistered()) {
      const chartBox = document.createElement('div');
      chartBox.className = 'sankey-chart';
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', 'The journey\'s flow: per step, the units that went on, those who dropped by ' +
        'what they did instead, and those still in their window (the list below gives every flow\'s count and share)');
      chartBox.append(canvas);
      // A narrow box scrolls sideways rather than pile the columns' labels on each other.
      chartBox.style.minWidth = `${110 * (model.steps.length + 1)}px`;
      box.append(scrollBox(chartBox, 'The journey\'s flow (scrolls)'));
      const css = getComputedStyle(this);
      const color = (name) => css.getPropertyValue(name).trim();
      // Drawn once the box is in the page (Chart.js sizes the canvas from its box).
      queueMicrotask(() => {
        if (!canvas.isConnected) return;
        this._sankey = new globalThis.Chart(canvas, sankeyChartConfig(model, {
          next: color('--fl-bar'), dropped: color('--fl-warn'), open: color('--fl-muted'), text: color('--fl-fg') }));
      });
    } else {
      const svg = sankeySvg(model);
      svg.style.minWidth = `${Math.round(0.75 * svg.viewBox.baseVal.width)}px`;
      box.append(scrollBox(svg, 'The journey\'s flow (scrolls)'));
      if (!plain) {
        // Drawn again once the plugin is registered (never in a loop if it does not register).
        const failed = (message) => this.setStatus(`The Sankey's chart library did not load (${message}); drawn without it.`,
          'error');
        loadSankey().then(() => (sankeyRegistered() ? this._report && this.render() : failed('no sankey controller')),
          (error) => failed(error.message));
      }
    }
    const list = document.createElement('ul');
    list.className = 'paths-flows';
    for (const step of model.steps) {
      const item = document.createElement('li');
      Object.assign(item.dataset, { step: step.name, count: String(step.count), next: String(step.next.count),
        dropped: String(step.dropped.units), inProgress: String(step.inProgress) });
      item.textContent = flowSentence(step);
      list.append(item);
    }
    box.append(list);
    return box;
  }

  // The conformance section: the core's sentences, per step the share of the step's units
  // (those whose walk got to it or past it) with each kind of deviation, example users, and
  // the funnel's conversion of conforming and deviating units.
  renderConformance(conformance) {
    const section = headedSection('conformance', 'Conformance: did units follow the designed order');
    const sentences = sentenceList('conformance-sentences', conformance.sentences);
    if (sentences) section.append(sentences);
    const share = (x) => `${formatPercent(x.share)} (${formatInterval(x.share_ci95)})`;
    const conformed = conformance.conformed ?? {};
    const deviated = conformance.deviated ?? {};
    section.append(scrollBox(dataTable('conformance-summary', ['Units checked', 'Conformed (95% CI)', 'Completed',
      'Stopped early', 'Deviated (95% CI)'], [{ data: {}, cells: [formatCount(conformance.units), share(conformed),
      formatCount(conformed.completed), formatCount(conformed.stopped_early), share(deviated)] }]), 'Conformance'));
    const kinds = [['skipped', 'Skipped'], ['out_of_order', 'Out of order'], ['went_back', 'Went back'],
      ['repeated', 'Repeated']];
    // An optional step cannot be skipped: a dash, not a 0% that reads as measured.
    const cell = (step, kind) => (kind === 'skipped' && step.optional ? '– (optional)'
      : `${formatCount(step[kind].units)} · ${share(step[kind])}`);
    section.append(scrollBox(dataTable('conformance-steps',
      ['Step', 'Units that got this far', ...kinds.map(([, title]) => title)],
      (conformance.steps ?? []).map((step) => ({ data: { step: step.step },
        cells: [step.step, formatCount(step.units), ...kinds.map(([kind]) => cell(step, kind))] }))),
    'Deviations per step (share of the units that got this far)'));
    const examples = [];
    for (const step of conformance.steps ?? []) {
      for (const [kind, title] of kinds) {
        const k = step[kind];
        if (!k.units) continue;
        const from = (k.from ?? []).map((f) => `from ${f.step}: ${formatCount(f.units)}`).join(', ');
        examples.push({ data: { step: step.step, kind },
          cells: [step.step, from ? `${title} (${from})` : title, formatCount(k.units), k.examples.join(', ')] });
      }
    }
    if (examples.length) {
      section.append(scrollBox(dataTable('conformance-examples', ['Step', 'Deviation', 'Units', 'Example users'],
        examples), 'Example users per deviation'));
    }
    const conversion = conformance.conversion ?? {};
    const group = (title, g) => ({ data: {}, cells: [title, formatCount(g.units), formatCount(g.converted),
      g.conversion === null ? '–' : `${formatPercent(g.conversion)} (${formatInterval(g.conversion_ci95)})`] });
    // Every unit, then those past the first step (like with like: most units that conform
    // stop at the first step, where there is nothing to deviate from).
    const past = conversion.past_first_step ?? {};
    section.append(scrollBox(dataTable('conformance-conversion', ['Group', 'Units', 'Converted', 'Conversion (95% CI)'],
      [group('Followed the order', conversion.conformed ?? {}), group('Deviated', conversion.deviated ?? {}),
        group('Past the first step, followed the order', past.conformed ?? {}),
        group('Past the first step, deviated', past.deviated ?? {})]),
    'Funnel conversion of conforming and deviating units'));
    for (const [title, c] of [['Difference', conversion], ['Past the first step, difference', past]]) {
      if (typeof c.difference !== 'number') continue;
      const note = document.createElement('p');
      note.className = 'conformance-difference';
      note.textContent = `${title} ${points(c.difference)} (95% CI ${points(c.difference_ci95[0])} `
        + `to ${points(c.difference_ci95[1])}), ${c.p_value < 0.001 ? 'p < 0.001' : `p = ${c.p_value.toFixed(3)}`}`;
      section.append(note);
    }
    this.bodyEl.append(section);
  }

  // The experiment section: the sample-ratio warning first (nothing below it can be trusted
  // when it fires), units per variant, then one verdict per step with its figures.
  renderExperiment(experiment, friction) {
    const section = headedSection('experiment', `Experiment ${experiment.name}`);
    const ratio = experiment.sample_ratio ?? {};
    if (ratio.mismatch) {
      const warning = document.createElement('p');
      warning.className = 'srm-warning';
      warning.setAttribute('role', 'alert');
      warning.textContent = ratio.warning;
      section.append(warning);
    }
    const units = document.createElement('p');
    units.className = 'units';
    units.textContent = [
      (experiment.variants ?? []).map((v) => `${v.name}${v.control ? ' (control)' : ''} ${formatCount(v.units)}`).join(', '),
      `sample ratio p = ${Number(ratio.p_value).toPrecision(3)}`,
      `${formatCount(experiment.mixed?.units ?? 0)} in more than one variant (excluded)`,
      `${formatCount(experiment.unassigned ?? 0)} never assigned`,
    ].join(' · ');
    section.append(units);
    const table = headedTable('comparisons', ['Verdict', 'Lift', 'Relative', 'p (Holm)', 'Always-valid 95%']);
    const body = table.tBodies[0];
    for (const c of experiment.comparisons ?? []) {
      const row = body.insertRow();
      row.dataset.variant = c.variant;
      row.dataset.step = c.step;
      row.dataset.lift = String(c.lift);
      if (c.significant) row.classList.add('significant');
      const cells = [
        [c.verdict, 'verdict'],
        [`${points(c.lift)} (${points(c.lift_ci95[0])} to ${points(c.lift_ci95[1])})`, 'lift'],
        [c.relative_lift === null ? '–' : `${formatPercent(c.relative_lift)} (${formatInterval(c.relative_lift_ci95)})`, 'relative_lift'],
        [Number(c.p_holm).toPrecision(3), 'p_holm'],
        [`${points(c.sequential_ci95[0])} to ${points(c.sequential_ci95[1])}`, 'sequential_ci95'],
      ];
      for (const [text, field] of cells) {
        const cell = row.insertCell();
        cell.textContent = text;
        cell.dataset.field = field;
      }
    }
    section.append(table);
    // Friction per variant: did a variant remove (or bring) a friction point? The list is
    // the report's friction.differs_by_variant, decided once in the core (as the CLI shows it).
    const perVariant = friction?.differs_by_variant ?? [];
    if (perVariant.length) {
      const title = document.createElement('h4');
      title.textContent = 'Friction that differs by variant';
      const list = document.createElement('ul');
      list.className = 'friction-per-variant';
      for (const entry of perVariant) {
        const p = friction.points[entry.point];
        const item = document.createElement('li');
        item.dataset.stage = p.stage;
        item.dataset.signal = p.signal;
        item.dataset.variant = entry.variant;
        const difference = p.by_variant?.differences?.find((d) => d.variant === entry.variant);
        if (difference) item.dataset.shareDifference = String(difference.affected_share_difference);
        item.textContent = `${p.stage}, ${p.signal}${p.target ? ` on ${p.target}` : ''}: ${entry.sentence}`;
        list.append(item);
      }
      section.append(title, list);
    }
    this.bodyEl.append(section);
  }

  drawFunnelChart(canvas, steps) {
    const Chart = globalThis.Chart;
    const css = getComputedStyle(this);
    const color = (name) => css.getPropertyValue(name).trim();
    // Whiskers for the 95% interval of each bar's conversion, drawn after the bars.
    const intervals = {
      id: 'frictionlensIntervals',
      afterDatasetsDraw: (chart) => {
        const { ctx, scales: { x, y } } = chart;
        ctx.save();
        ctx.strokeStyle = color('--fl-whisker');
        ctx.lineWidth = 1.5;
        steps.forEach((step, i) => {
          const ci = step.conversion_ci95;
          if (!Array.isArray(ci)) return;
          const yy = y.getPixelForValue(i);
          const x0 = x.getPixelForValue(100 * ci[0]);
          const x1 = x.getPixelForValue(100 * ci[1]);
          ctx.beginPath();
          ctx.moveTo(x0, yy); ctx.lineTo(x1, yy);
          ctx.moveTo(x0, yy - 5); ctx.lineTo(x0, yy + 5);
          ctx.moveTo(x1, yy - 5); ctx.lineTo(x1, yy + 5);
          ctx.stroke();
        });
        ctx.restore();
      },
    };
    this._chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: steps.map((s) => s.name),
        datasets: [{
          label: 'Conversion from the first step',
          data: steps.map((s) => 100 * s.conversion),
          backgroundColor: color('--fl-bar'),
          borderRadius: 3,
        }],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: 0, max: 100, ticks: { color: color('--fl-muted'), callback: (v) => `${v}%` },
            grid: { color: color('--fl-line') } },
          y: { ticks: { color: color('--fl-fg') }, grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                const step = steps[item.dataIndex];
                return `${formatCount(step.count)} · ${formatPercent(step.conversion)} (95% CI ${formatInterval(step.conversion_ci95)})`;
              },
            },
          },
        },
        onClick: (_event, elements) => {
          if (elements.length > 0) this.clickStep(steps[elements[0].index], elements[0].index);
        },
      },
      plugins: [intervals],
    });
  }

  // "Top friction": the report's friction.top, the list every door shows.
  renderTopFriction() {
    const top = this._report.friction?.top;
    this.renderFrictionList('Top friction', Array.isArray(top) ? top : undefined,
      'No significant friction found.');
    // Apart, never mixed in: signals whose affected units convert better.
    const gains = this._report.friction?.without_loss;
    if (Array.isArray(gains) && gains.length > 0) {
      this.renderFrictionList('Signals without loss (the affected convert better)', gains, '', 'without-loss');
    }
  }

  // Every ranked point (the friction view).
  renderFriction() {
    const points = this._report.friction?.points;
    this.renderFrictionList('Friction', Array.isArray(points) ? points : undefined,
      'No friction point stood out in this data.');
  }

  renderFrictionList(title, entries, empty, className = 'friction-section') {
    const section = headedSection(className, title);
    section.setAttribute('part', 'friction');
    if (entries === undefined || entries.length === 0) {
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = entries === undefined ? 'Friction analysis is not in this report.' : empty;
      section.append(note);
    } else {
      const list = document.createElement('ol');
      list.className = 'friction';
      for (const entry of entries) {
        const item = document.createElement('li');
        const sentence = document.createElement('span');
        sentence.className = 'sentence';
        sentence.textContent = typeof entry.sentence === 'string' ? entry.sentence : describePoint(entry);
        item.append(sentence);
        // A rage or dead click point: under which vendors' rules it is found.
        const point = typeof entry.point === 'number' ? this._report.friction?.points?.[entry.point] : entry;
        if (typeof point?.found_under === 'string') {
          const robustness = document.createElement('span');
          robustness.className = 'robustness';
          robustness.textContent = ` (${point.found_under})`;
          item.append(robustness);
        }
        list.append(item);
      }
      section.append(list);
    }
    this.bodyEl.append(section);
  }

  // The correlation section: per step, a table of the events and property values that go
  // with dropping there and with going on (the report's ranking: significant by q, the
  // largest odds ratio first), then the report's sentences.
  renderCorrelation(correlation) {
    const section = headedSection('correlation', 'What goes with dropping, and with going on');
    for (const step of correlation.steps ?? []) {
      const summary = document.createElement('p');
      summary.className = 'correlation-summary';
      summary.dataset.step = step.step;
      summary.textContent = `${step.step} → ${step.next_step}: ${formatCount(step.units)} units with a known outcome, ` +
        `${formatPercent(step.drop_rate)} dropped (${formatInterval(step.drop_rate_ci95)}); ` +
        `${formatCount(step.in_progress)} still in progress left out; ${formatCount(step.tested)} candidates tested, ` +
        `${formatCount(step.significant)} significant, ${formatCount(step.below_min_units)} too rare to test.`;
      section.append(summary);
      const rows = [...(step.with_dropping ?? []).map((c) => ['dropping', c]),
        ...(step.with_converting ?? []).map((c) => ['going on', c])];
      if (!rows.length) continue;
      const table = headedTable('correlation-candidates', ['Goes with', 'Event or value', 'Dropped with (95% CI)',
        'Dropped without', 'Odds ratio (95% CI)', 'PostHog OR', 'q', 'e.g.']);
      table.dataset.step = step.step;
      const body = table.tBodies[0];
      for (const [direction, c] of rows) {
        const row = body.insertRow();
        row.dataset.direction = direction === 'dropping' ? 'dropping' : 'converting';
        const label = c.kind === 'event' ? c.event : `${c.property} = ${c.value}`;
        const withUnits = c.dropped_with + c.converted_with;
        const withoutUnits = c.dropped_without + c.converted_without;
        for (const text of [direction, label,
          `${formatPercent(c.drop_rate_with)} of ${formatCount(withUnits)} (${formatInterval(c.drop_rate_with_ci95)})`,
          `${formatPercent(c.drop_rate_without)} of ${formatCount(withoutUnits)}`,
          `${formatRatio(c.odds_ratio)} (${formatRatioInterval(c.odds_ratio_ci95)})`,
          formatRatio(c.posthog_odds_ratio), c.q_value < 0.001 ? '< 0.001' : c.q_value.toFixed(3),
          (c.examples ?? []).join(', ')]) {
          row.insertCell().textContent = text;
        }
      }
      section.append(scrollBox(table, `What goes with dropping at ${step.step}`));
    }
    const sentences = sentenceList('correlation-sentences', correlation.sentences);
    if (sentences) section.append(sentences);
    this.bodyEl.append(section);
  }

  renderPending(view) {
    const section = this._report[view];
    const note = document.createElement('p');
    note.className = 'note';
    if (section === undefined) {
      note.textContent = `The ${view} analysis is not in this report yet.`;
      this.bodyEl.append(note);
      return;
    }
    // A section this element does not draw yet: show what the report holds.
    note.textContent = `The ${view} section, as the report holds it:`;
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(section, null, 2);
    this.bodyEl.append(note, pre);
  }
}

// A friction point without a ready-made sentence: its step and any numbers it carries.
function describePoint(point) {
  const parts = [];
  for (const [key, value] of Object.entries(point)) {
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}: ${value}`);
  }
  return parts.join(', ');
}

if (!customElements.get('frictionlens-report')) {
  customElements.define('frictionlens-report', FrictionLensReport);
}

export { FrictionLensReport };
