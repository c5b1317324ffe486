// Open: files by picker or drag and drop (several at once), or the demo store; the reading
// options of the CLI; progress with a cancel button while the worker reads.
import { LitElement, html, css } from 'lit';
import { shared } from './styles.ts';
import { formatCount } from './format.ts';

export interface ReadOptions {
  format: string;
  delimiter: string;
  columns: string;
  time_format: string;
  session_gap: string;
  map: { user: string; time: string; event: string; session: string };
}

export function defaultReadOptions(): ReadOptions {
  return { format: 'auto', delimiter: '', columns: '', time_format: 'auto', session_gap: '',
    map: { user: '', time: '', event: '', session: '' } };
}

// The options object for analyze()/load(): only what was set.
export function coreOptions(o: ReadOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o.format !== 'auto') out.format = o.format;
  if (o.delimiter) out.delimiter = o.delimiter;
  const columns = o.columns.split(',').map((c) => c.trim()).filter(Boolean);
  if (columns.length > 0) out.columns = columns;
  if (o.time_format !== 'auto') out.time_format = o.time_format;
  if (o.session_gap.trim()) out.session_gap = o.session_gap.trim();
  const map = Object.fromEntries(Object.entries(o.map).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
  if (Object.keys(map).length > 0) out.map = map;
  return out;
}

export class OpenPanel extends LitElement {
  static properties = {
    busy: { type: Boolean },
    progress: { attribute: false },
    error: { type: String },
    options: { attribute: false },
    headerNames: { attribute: false },
    dragging: { state: true },
  };
  declare busy: boolean;
  declare progress: { bytes: number; total: number | null } | null;
  declare error: string;
  declare options: ReadOptions;
  declare headerNames: string[];
  declare dragging: boolean;

  constructor() {
    super();
    this.busy = false;
    this.progress = null;
    this.error = '';
    this.options = defaultReadOptions();
    this.headerNames = [];
    this.dragging = false;
  }

  static styles = [shared, css`
    .drop { border: 2px dashed var(--line); border-radius: 10px; padding: 28px 16px; text-align: center; background: var(--surface); }
    .drop[data-dragging] { border-color: var(--accent); background: var(--accent-soft); }
    .drop p { margin: 8px 0; }
    .or { color: var(--muted); margin: 0 6px; }
    input[type="file"] { position: absolute; opacity: 0; width: 1px; height: 1px; }
    progress { width: min(480px, 100%); height: 14px; }
    details { margin-top: 12px; }
    summary { cursor: pointer; font-weight: 600; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px 16px; margin-top: 10px; }
    .grid label { flex-direction: column; align-items: stretch; gap: 2px; }
  `];

  private emit(name: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private openFiles(files: FileList | File[] | null) {
    const list = Array.from(files ?? []);
    if (list.length > 0) this.emit('open-files', { files: list });
  }

  private onDrop(event: DragEvent) {
    event.preventDefault();
    this.dragging = false;
    if (!this.busy) this.openFiles(event.dataTransfer?.files ?? null);
  }

  private setOption(key: keyof ReadOptions, value: string) {
    this.options = { ...this.options, [key]: value };
    this.emit('options-change', this.options);
  }

  private setRole(role: keyof ReadOptions['map'], value: string) {
    this.options = { ...this.options, map: { ...this.options.map, [role]: value } };
    this.emit('options-change', this.options);
  }

  render() {
    const o = this.options;
    const p = this.progress;
    const percent = p && p.total ? Math.floor((100 * p.bytes) / p.total) : null;
    return html`
      <section class="card" aria-labelledby="open-title">
        <h2 id="open-title">Open your events</h2>
        <p class="muted">CSV or JSON Lines exports (PostHog, Mixpanel, Amplitude, Segment, RudderStack, GA4, Snowplow are
          recognised), one file or several. Your files are read in this tab: nothing is uploaded.</p>
        <div class="drop" ?data-dragging=${this.dragging}
          @dragover=${(e: DragEvent) => { e.preventDefault(); this.dragging = true; }}
          @dragleave=${() => { this.dragging = false; }}
          @drop=${this.onDrop}>
          <p><strong>Drop files here</strong><span class="or">or</span>
            <button class="primary" id="choose" ?disabled=${this.busy}
              @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#file')?.click()}>Choose files…</button>
            <input id="file" type="file" multiple aria-label="Event files"
              accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,.gz,.zst"
              @change=${(e: Event) => { const input = e.target as HTMLInputElement; this.openFiles(input.files); input.value = ''; }}>
          </p>
          <p><span class="or">or</span><button id="demo" ?disabled=${this.busy} @click=${() => this.emit('open-demo', {})}>
            Try the demo store</button></p>
        </div>
        ${this.busy ? html`
          <div class="row mt" role="status" aria-live="polite">
            <progress id="progress" aria-label="Reading progress" max="100" .value=${percent ?? 0}></progress>
            <span>${percent !== null ? `${percent}% of ${formatCount(p!.total!)} bytes` : p ? `${formatCount(p.bytes)} bytes` : 'Starting…'}</span>
            <button id="cancel" @click=${() => this.emit('cancel', {})}>Cancel</button>
          </div>` : ''}
        ${this.error ? html`<div class="alert mt" role="alert"><p class="error">Could not read the data</p>
          <p id="open-error">${this.error}</p>
          <p class="muted">Name the columns that hold the user, time and event below, or give the column names of a file
            without a header row, then open the files again.</p></div>` : ''}
        <details ?open=${this.error !== ''} id="reading">
          <summary>Reading options</summary>
          <div class="grid">
            <label>Format<select id="opt-format" .value=${o.format} @change=${(e: Event) => this.setOption('format', (e.target as HTMLSelectElement).value)}>
              ${['auto', 'csv', 'jsonl', 'otto'].map((v) => html`<option value=${v} ?selected=${o.format === v}>${v === 'auto' ? 'detect' : v}</option>`)}</select></label>
            <label>Delimiter<select id="opt-delimiter" @change=${(e: Event) => this.setOption('delimiter', (e.target as HTMLSelectElement).value)}>
              ${[['', 'detect'], [',', 'comma'], [';', 'semicolon'], ['tab', 'tab'], ['|', 'pipe']].map(([v, t]) =>
                html`<option value=${v} ?selected=${o.delimiter === v}>${t}</option>`)}</select></label>
            <label>Column names (no header row)<input id="opt-columns" type="text" placeholder="user_id,item,category,behavior,ts"
              .value=${o.columns} @change=${(e: Event) => this.setOption('columns', (e.target as HTMLInputElement).value)}></label>
            <label>Time format<select id="opt-time" @change=${(e: Event) => this.setOption('time_format', (e.target as HTMLSelectElement).value)}>
              ${['auto', 'iso', 'epoch_s', 'epoch_ms'].map((v) => html`<option value=${v} ?selected=${o.time_format === v}>${v === 'auto' ? 'detect' : v}</option>`)}</select></label>
            <label>Session gap<input id="opt-gap" type="text" placeholder="30m" .value=${o.session_gap}
              @change=${(e: Event) => this.setOption('session_gap', (e.target as HTMLInputElement).value)}></label>
          </div>
          <h3>Column roles</h3>
          <p class="muted">Leave empty to detect them from common names (user_id, timestamp, event…).</p>
          <datalist id="header-names">${this.headerNames.map((n) => html`<option value=${n}></option>`)}</datalist>
          <div class="grid">
            ${(['user', 'time', 'event', 'session'] as const).map((role) => html`
              <label>${role[0].toUpperCase() + role.slice(1)} column<input id=${`role-${role}`} type="text" list="header-names"
                .value=${o.map[role]} @change=${(e: Event) => this.setRole(role, (e.target as HTMLInputElement).value)}></label>`)}
          </div>
          <p class="mt"><button id="reopen" ?disabled=${this.busy} @click=${() => this.emit('reopen', {})}>Open again with these options</button></p>
        </details>
      </section>`;
  }
}
customElements.define('fl-open-panel', OpenPanel);
