// <fl-workbench>: the page. Opens files into the worker (wasm/index.js load), keeps the
// journey being built, re-runs it on the kept table as it changes, and keeps and shares it
// (downloads, the URL hash, the last journey per file name in localStorage).
import { LitElement, html, css } from 'lit';
import type { FileDescription, PropertySummary, TablePreview, UserTimeline } from '/wasm/index.js';
import { shared } from './styles.ts';
import { engine } from './engine.ts';
import { coreOptions, defaultReadOptions } from './open-panel.ts';
import type { ReadOptions } from './open-panel.ts';
import { emptyJourney, fromSpec, readHash, toSpec, writeHash } from './spec.ts';
import type { JourneyModel } from './spec.ts';
import { download, funnelCsv, safeName } from './downloads.ts';
import type { FrictionPoint, FullReport } from './types.ts';
import './open-panel.ts';
import './data-view.ts';
import './journey-editor.ts';
import './results-view.ts';

type View = 'open' | 'data' | 'journey';
const VIEWS: View[] = ['open', 'data', 'journey'];
const STORAGE_PREFIX = 'frictionlens:journey:';
const DEMO_URL = '/web/data/demo-store.csv';

type NamedInput = { name: string; data: File | URL };

function storageGet(key: string): string | null {
  try { return localStorage.getItem(key); } catch { return null; }
}
function storageSet(key: string, value: string) {
  try { localStorage.setItem(key, value); } catch { /* private mode: nothing is remembered */ }
}

// Column names from a file's first line, as suggestions for the role fields only: the
// core reads the file; this never decides anything.
async function headerGuess(file: File): Promise<string[]> {
  try {
    const head = await file.slice(0, 65536).text();
    const line = head.split(/\r?\n/)[0] ?? '';
    if (line.startsWith('{')) return Object.keys(JSON.parse(line) as object);
    const delimiter = [',', ';', '\t', '|'].reduce((a, b) => (line.split(b).length > line.split(a).length ? b : a));
    return line.split(delimiter).map((c) => c.replace(/^"|"$/g, '').trim()).filter(Boolean);
  } catch {
    return [];
  }
}

export class Workbench extends LitElement {
  static properties = {
    view: { state: true }, loaded: { state: true }, loading: { state: true }, progress: { state: true },
    openError: { state: true }, readOptions: { state: true }, headerNames: { state: true },
    inputReport: { state: true }, report: { state: true }, files: { state: true }, preview: { state: true },
    propertyList: { state: true }, model: { state: true }, busy: { state: true }, specError: { state: true },
    timeline: { state: true }, timelineFor: { state: true }, timelineError: { state: true }, theme: { state: true },
    inputName: { state: true }, notice: { state: true },
  };
  declare view: View;
  declare loaded: boolean;
  declare loading: boolean;
  declare progress: { bytes: number; total: number | null } | null;
  declare openError: string;
  declare readOptions: ReadOptions;
  declare headerNames: string[];
  declare inputReport: FullReport | null;
  declare report: FullReport | null;
  declare files: FileDescription[];
  declare preview: TablePreview | null;
  declare propertyList: PropertySummary[];
  declare model: JourneyModel;
  declare busy: boolean;
  declare specError: string;
  declare timeline: UserTimeline | null;
  declare timelineFor: { user: string; point: FrictionPoint } | null;
  declare timelineError: string;
  declare theme: string;
  declare inputName: string;
  declare notice: string;

  private inputs: NamedInput[] = [];
  private reportText = '';
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private dirty = false;
  private hashView: string | undefined;
  private hashSpec: unknown;

  constructor() {
    super();
    this.view = 'open';
    this.loaded = false;
    this.loading = false;
    this.progress = null;
    this.openError = '';
    this.readOptions = defaultReadOptions();
    this.headerNames = [];
    this.inputReport = null;
    this.report = null;
    this.files = [];
    this.preview = null;
    this.propertyList = [];
    this.model = emptyJourney();
    this.busy = false;
    this.specError = '';
    this.timeline = null;
    this.timelineFor = null;
    this.timelineError = '';
    this.inputName = '';
    this.notice = '';
    const stored = storageGet('frictionlens:theme');
    this.theme = stored ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    document.documentElement.dataset.theme = this.theme;
    const hash = readHash(location.hash);
    this.hashView = hash.view;
    this.hashSpec = hash.spec;
  }

  static styles = [shared, css`
    :host { max-width: 1400px; margin: 0 auto; padding: 0 16px 32px; }
    header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; padding: 12px 0; }
    header h1 { font-size: 1.3rem; margin: 0; }
    header .private { color: var(--muted); flex: 1 1 260px; }
    nav { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 14px; flex-wrap: wrap; }
    nav button { border: none; border-bottom: 3px solid transparent; border-radius: 0; background: none; padding: 8px 12px; }
    nav button[aria-current="page"] { border-bottom-color: var(--accent); font-weight: 700; color: var(--fg); }
    .toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 12px; }
    .toolbar .label { color: var(--muted); margin-right: 4px; }
    .split { display: grid; grid-template-columns: minmax(340px, 440px) minmax(0, 1fr); gap: 16px; align-items: start; }
    @media (max-width: 1000px) { .split { grid-template-columns: minmax(0, 1fr); } }
    .next { margin: 4px 0 14px; }
    input[type="file"] { position: absolute; opacity: 0; width: 1px; height: 1px; }
  `];

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  // A link pasted while a file is open: its journey and view are applied to the same table.
  private onHashChange = () => {
    const hash = readHash(location.hash);
    if (hash.view && VIEWS.includes(hash.view as View)) this.view = hash.view as View;
    if (hash.spec && this.loaded && JSON.stringify(hash.spec) !== JSON.stringify(toSpec(this.model))) {
      try {
        this.model = fromSpec(hash.spec);
        this.schedule(0);
      } catch (error) {
        this.specError = `The link's journey: ${(error as Error).message}`;
      }
    }
  };

  private writeHash() {
    const hash = writeHash({ view: this.view, spec: this.loaded ? toSpec(this.model) : undefined });
    if (hash !== location.hash) history.replaceState(null, '', hash);
  }

  private setView(view: View) {
    this.view = view;
    this.writeHash();
  }

  private toggleTheme() {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = this.theme;
    storageSet('frictionlens:theme', this.theme);
  }

  // ---- open ---------------------------------------------------------------------------------

  // A journey spec dropped with the data files (a .json object with "steps"): the journey
  // to open them with. A journey with "tables" (order tables joined by key) must come
  // this way, since it says how the files are read.
  private async splitJourney(inputs: NamedInput[]): Promise<{ data: NamedInput[]; spec?: Record<string, unknown> }> {
    const data: NamedInput[] = [];
    let spec: Record<string, unknown> | undefined;
    for (const input of inputs) {
      if (input.data instanceof File && /\.json$/i.test(input.name) && input.data.size < (1 << 20)) {
        try {
          const parsed: unknown = JSON.parse(await input.data.text());
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'steps' in parsed) {
            spec = parsed as Record<string, unknown>;
            continue;
          }
        } catch {
          // Not one JSON document: JSON Lines events, read as data.
        }
      }
      data.push(input);
    }
    return { data, spec };
  }

  private async openInputs(dropped: NamedInput[]) {
    const { data: inputs, spec: droppedSpec } = await this.splitJourney(dropped);
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.inputs = inputs;
    const name = inputs.map((i) => i.name).join(', ');
    this.loading = true;
    this.progress = null;
    this.openError = '';
    this.notice = '';
    this.loaded = false;
    this.view = 'open';
    const first = inputs[0]?.data;
    this.headerNames = first instanceof File ? await headerGuess(first) : [];
    const remembered = storageGet(STORAGE_PREFIX + name);
    let journey: unknown = droppedSpec ?? this.hashSpec ?? (remembered ? JSON.parse(remembered) : 'store');
    const fromLink = this.hashSpec !== undefined;
    this.hashSpec = undefined;
    const options = { ...coreOptions(this.readOptions), signal: controller.signal,
      onProgress: (p: { bytes: number; total: number | null }) => { this.progress = p; } };
    try {
      const fl = await engine();
      let text: string;
      try {
        text = await fl.loadJson(inputs, journey as string, options);
      } catch (error) {
        // A remembered or linked journey this data cannot take: open with the built-in one.
        // A journey dropped with the files is the one asked for: its error is shown.
        if (journey === 'store' || droppedSpec || !/^journey/.test((error as Error).message) || controller.signal.aborted) {
          throw error;
        }
        this.notice = `The ${fromLink ? "link's" : 'remembered'} journey did not fit this data (${(error as Error).message}); the store journey is shown.`;
        journey = 'store';
        text = await fl.loadJson(inputs, 'store', options);
      }
      const report = JSON.parse(text) as FullReport;
      const [files, preview, properties] = await Promise.all([fl.files(), fl.preview(20), fl.properties(50)]);
      if (controller.signal.aborted) return;
      this.inputName = name;
      this.files = files;
      this.preview = preview;
      this.propertyList = properties;
      this.inputReport = report;
      const known = new Set(report.input.event_counts.map((e) => e.event));
      const storeFits = known.has('product_view');
      if (journey !== 'store' || storeFits) {
        this.model = fromSpec(report.journey);
        this.report = report;
        this.reportText = text;
      } else {
        this.model = { ...emptyJourney(), name: `Journey on ${name}` };
        this.report = null;
        this.reportText = '';
      }
      this.loaded = true;
      this.loading = false;
      this.specError = '';
      this.timelineFor = null;
      const wanted = this.hashView;
      this.hashView = undefined;
      this.view = wanted && VIEWS.includes(wanted as View) && wanted !== 'open' ? wanted as View : fromLink ? 'journey' : 'data';
      this.writeHash();
    } catch (error) {
      if (this.controller !== controller) return; // replaced by a newer open
      this.loading = false;
      this.progress = null;
      if (controller.signal.aborted || (error as Error).name === 'AbortError') {
        this.openError = '';
        this.notice = 'Cancelled: nothing was kept. Open the files again when you are ready.';
      } else {
        this.openError = (error as Error).message;
      }
    }
  }

  private openFiles(files: File[]) {
    void this.openInputs(files.map((f) => ({ name: f.name, data: f })));
  }

  private openDemo() {
    void this.openInputs([{ name: 'demo-store.csv', data: new URL(DEMO_URL, location.href) }]);
  }

  private cancel() {
    this.controller?.abort();
  }

  // ---- the journey --------------------------------------------------------------------------

  private onJourneyChange(model: JourneyModel) {
    this.model = model;
    this.writeHash();
    this.schedule();
  }

  private schedule(delay = 150) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runJourney(), delay);
  }

  // One re-run at a time; changes made meanwhile make one more run with the latest journey.
  private async runJourney() {
    if (!this.loaded) return;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    const spec = toSpec(this.model);
    if (spec.steps.length === 0) {
      this.report = null;
      this.reportText = '';
      this.specError = '';
      return;
    }
    this.inFlight = true;
    this.busy = true;
    try {
      const fl = await engine();
      const text = await fl.reanalyzeJson(spec);
      this.reportText = text;
      this.report = JSON.parse(text) as FullReport;
      this.specError = '';
      storageSet(STORAGE_PREFIX + this.inputName, JSON.stringify(spec));
    } catch (error) {
      this.specError = (error as Error).message;
    } finally {
      this.inFlight = false;
      if (this.dirty) {
        this.dirty = false;
        void this.runJourney();
      } else {
        this.busy = false;
      }
    }
  }

  private async loadSpecFile(file: File | undefined) {
    if (!file) return;
    try {
      const spec = JSON.parse(await file.text());
      if (spec && typeof spec === 'object' && 'tables' in spec && !this.inputReport?.input.tables) {
        // Tables say how files are read: they apply when the files are opened with them.
        this.specError = `${file.name}: a journey with "tables" reads the files it names; open the files again and drop ${file.name} with them`;
        return;
      }
      this.model = fromSpec(spec);
      this.specError = '';
      this.writeHash();
      this.schedule(0);
    } catch (error) {
      this.specError = `${file.name}: ${(error as Error).message}`;
    }
  }

  private async openUser(detail: { user: string; point: FrictionPoint }) {
    this.timelineFor = detail;
    this.timeline = null;
    this.timelineError = '';
    try {
      const fl = await engine();
      this.timeline = await fl.timeline(detail.user, 500);
    } catch (error) {
      this.timelineError = (error as Error).message;
    }
    await this.updateComplete;
    const results = this.renderRoot.querySelector('fl-results');
    const section = results?.shadowRoot?.querySelector<HTMLElement>('#timeline');
    section?.scrollIntoView({ block: 'start' });
    section?.focus();
  }

  // ---- keep and share -----------------------------------------------------------------------

  private downloadSpec() {
    download(`${safeName(this.model.name)}.journey.json`, `${JSON.stringify(toSpec(this.model), null, 2)}\n`);
  }

  private downloadReport() {
    if (this.reportText) download(`${safeName(this.model.name)}.report.json`, this.reportText);
  }

  private downloadCsv() {
    if (this.report) download(`${safeName(this.model.name)}.funnel.csv`, funnelCsv(this.report as never), 'text/csv');
  }

  private downloadPng() {
    const results = this.renderRoot.querySelector('fl-results');
    const element = results?.shadowRoot?.querySelector('frictionlens-report');
    // The funnel's canvas (.chart): the paths Sankey below it has one too.
    const canvas = element?.shadowRoot?.querySelector<HTMLCanvasElement>('.chart canvas');
    canvas?.toBlob((blob) => { if (blob) download(`${safeName(this.model.name)}.funnel.png`, blob, 'image/png'); }, 'image/png');
  }

  // ---- view ---------------------------------------------------------------------------------

  private renderToolbar() {
    const has = this.report !== null;
    return html`<div class="toolbar" role="group" aria-label="Keep and share">
      <span class="label">Download:</span>
      <button id="dl-spec" @click=${this.downloadSpec}>Journey spec (JSON)</button>
      <button id="dl-report" ?disabled=${!has} @click=${this.downloadReport}>Report (JSON)</button>
      <button id="dl-csv" ?disabled=${!has} @click=${this.downloadCsv}>Funnel (CSV)</button>
      <button id="dl-png" ?disabled=${!has} @click=${this.downloadPng}>Funnel chart (PNG)</button>
      <button id="load-spec" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#spec-file')?.click()}>Load a saved spec…</button>
      <input id="spec-file" type="file" accept=".json,application/json" aria-label="Saved journey spec"
        @change=${(e: Event) => { const input = e.target as HTMLInputElement; void this.loadSpecFile(input.files?.[0]); input.value = ''; }}>
      <span class="muted">The address bar holds this journey: a link opens it on the same file.</span>
    </div>`;
  }

  render() {
    const tab = (view: View, label: string, disabled = false) => html`<button data-view=${view}
      aria-current=${this.view === view ? 'page' : 'false'} ?disabled=${disabled} @click=${() => this.setView(view)}>${label}</button>`;
    return html`
      <header>
        <h1>frictionlens workbench</h1>
        <span class="private">Your files are read in this tab and never leave your machine.</span>
        ${this.loaded ? html`<span class="muted" id="input-name">${this.inputName}</span>` : ''}
        <button id="theme" @click=${this.toggleTheme}>${this.theme === 'dark' ? 'Light theme' : 'Dark theme'}</button>
      </header>
      <nav aria-label="Workbench">
        ${tab('open', '1 · Open')}
        ${tab('data', '2 · Check the data', !this.loaded)}
        ${tab('journey', '3 · Journey and results', !this.loaded)}
      </nav>
      ${this.notice ? html`<p class="note" role="status" id="notice">${this.notice}</p>` : ''}
      <main>
        ${this.view === 'open' || !this.loaded ? html`<fl-open-panel .busy=${this.loading} .progress=${this.progress}
            .error=${this.openError} .options=${this.readOptions} .headerNames=${this.headerNames}
            @open-files=${(e: CustomEvent) => this.openFiles(e.detail.files)}
            @open-demo=${() => this.openDemo()}
            @cancel=${() => this.cancel()}
            @options-change=${(e: CustomEvent) => { this.readOptions = e.detail; }}
            @reopen=${() => { if (this.inputs.length) void this.openInputs(this.inputs); }}></fl-open-panel>` : ''}
        ${this.loaded && this.view === 'data' ? html`
          <p class="next"><button class="primary" @click=${() => this.setView('journey')}>Build the journey →</button></p>
          <fl-data-view .report=${this.inputReport} .files=${this.files} .preview=${this.preview}
            @apply-roles=${(e: CustomEvent) => {
              this.readOptions = { ...this.readOptions, map: { user: '', time: '', event: '', session: '', ...e.detail.map } };
              void this.openInputs(this.inputs);
            }}></fl-data-view>` : ''}
        ${this.loaded && this.view === 'journey' ? html`
          ${this.renderToolbar()}
          <div class="split">
            <fl-journey-editor .model=${this.model} .events=${this.inputReport?.input.event_counts ?? []}
              .properties=${this.propertyList}
              @journey-change=${(e: CustomEvent) => this.onJourneyChange(e.detail)}></fl-journey-editor>
            <fl-results .report=${this.report} .theme=${this.theme} .busy=${this.busy} .specError=${this.specError}
              .timeline=${this.timeline} .timelineFor=${this.timelineFor} .timelineError=${this.timelineError}
              @open-user=${(e: CustomEvent) => void this.openUser(e.detail)}
              @close-timeline=${() => { this.timelineFor = null; this.timeline = null; }}></fl-results>
          </div>` : ''}
      </main>`;
  }
}
customElements.define('fl-workbench', Workbench);
