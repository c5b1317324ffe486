// Build the journey: steps added from the events in the data, renamed, reordered (drag, or
// Alt+Arrow keys / the arrow buttons), any-of events, conditions on property values present,
// optional steps, windows, order, unit, exclusions, breakdown, trend and friction preset.
// Every change goes up as 'journey-change'; the workbench re-runs it on the kept table.
import { LitElement, html, css } from 'lit';
import type { PropertySummary } from '/wasm/index.js';
import { shared } from './styles.ts';
import { formatCount } from './format.ts';
import { PRESETS, newKey, newStep, uniqueStepName } from './spec.ts';
import type { Condition, ConditionOp, JourneyModel, StepModel } from './spec.ts';

const OPS: Array<[ConditionOp, string]> = [['is', 'is'], ['is_not', 'is not'], ['prefix', 'starts with'], ['not_prefix', 'does not start with']];
// ClickHouse's windowFunnel modes (README "Funnel modes"); allow_reentry needs strict_order.
const MODES = ['strict_deduplication', 'strict_increase', 'strict_order', 'strict_once', 'allow_reentry'];

export class JourneyEditor extends LitElement {
  static properties = {
    model: { attribute: false },
    events: { attribute: false },
    properties: { attribute: false },
    search: { state: true },
    stepSearch: { state: true },
    dragKey: { state: true },
    announcement: { state: true },
  };
  declare model: JourneyModel;
  declare events: Array<{ event: string; count: number }>;
  declare properties: PropertySummary[];
  declare search: string;
  declare stepSearch: Record<number, string>;
  declare dragKey: number | null;
  declare announcement: string;

  constructor() {
    super();
    this.events = [];
    this.properties = [];
    this.search = '';
    this.stepSearch = {};
    this.dragKey = null;
    this.announcement = '';
  }

  static styles = [shared, css`
    .palette { max-height: 260px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; margin-top: 6px; }
    .palette button, .matches button { display: flex; justify-content: space-between; width: 100%; border: none; border-bottom: 1px solid var(--line);
      border-radius: 0; text-align: left; gap: 8px; background: var(--surface); }
    .palette button:hover, .matches button:hover { background: var(--accent-soft); }
    .count { color: var(--muted); font-variant-numeric: tabular-nums; }
    ol.steps { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-direction: column; gap: 10px; }
    li.step { border: 1px solid var(--line); border-left: 4px solid var(--c1); border-radius: 8px; padding: 8px 10px; background: var(--surface); }
    li.step[data-dragging] { opacity: 0.5; }
    li.step[data-incomplete] { border-left-color: var(--c6); }
    .step-head { display: flex; gap: 6px; align-items: center; flex-wrap: nowrap; }
    .handle { cursor: grab; font-weight: 700; }
    .num { font-weight: 700; min-width: 1.5em; }
    .step-name { flex: 1 1 100px; min-width: 0; font-weight: 600; }
    .matches { border: 1px solid var(--line); border-radius: 6px; max-height: 180px; overflow: auto; margin-top: 4px; }
    .cond { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin: 4px 0; }
    .settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 8px 14px; }
    .settings label { flex-direction: column; align-items: stretch; gap: 2px; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; padding: 8px 10px; }
    legend { font-weight: 600; padding: 0 4px; }
    .w-small { width: 90px; }
  `];

  private change(update: (m: JourneyModel) => void, announce = '') {
    const next: JourneyModel = structuredClone(this.model);
    update(next);
    this.model = next;
    if (announce) this.announcement = announce;
    this.dispatchEvent(new CustomEvent('journey-change', { detail: next, bubbles: true, composed: true }));
  }

  private stepIndex(m: JourneyModel, key: number): number {
    return m.steps.findIndex((s) => s.key === key);
  }

  private editStep(key: number, update: (s: StepModel) => void) {
    this.change((m) => { const s = m.steps[this.stepIndex(m, key)]; if (s) update(s); });
  }

  private addStepWith(event: string) {
    this.change((m) => { m.steps.push(newStep(uniqueStepName(m, event), [event])); }, `Step ${this.model.steps.length + 1} added: ${event}`);
  }

  private move(key: number, by: number) {
    const from = this.stepIndex(this.model, key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= this.model.steps.length) return;
    this.change((m) => { const [s] = m.steps.splice(from, 1); m.steps.splice(to, 0, s); },
      `${this.model.steps[from].name} moved to position ${to + 1} of ${this.model.steps.length}`);
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`li[data-key="${key}"] .handle`)?.focus());
  }

  private dropOn(targetKey: number) {
    const from = this.dragKey === null ? -1 : this.stepIndex(this.model, this.dragKey);
    const to = this.stepIndex(this.model, targetKey);
    this.dragKey = null;
    if (from < 0 || to < 0 || from === to) return;
    this.change((m) => { const [s] = m.steps.splice(from, 1); m.steps.splice(to, 0, s); },
      `${this.model.steps[from].name} moved to position ${to + 1}`);
  }

  private valuesOf(property: string): string[] {
    return this.properties.find((p) => p.name === property)?.values.map((v) => v.value) ?? [];
  }

  private matchingEvents(term: string, exclude: string[]): Array<{ event: string; count: number }> {
    const t = term.trim().toLowerCase();
    return this.events.filter((e) => !exclude.includes(e.event) && e.event.toLowerCase().includes(t));
  }

  private renderCondition(step: StepModel, c: Condition, ci: number, si: number) {
    const listId = `values-${step.key}-${ci}`;
    return html`<div class="cond">
      <select aria-label=${`Step ${si + 1} condition ${ci + 1} property`} @change=${(e: Event) =>
        this.editStep(step.key, (s) => { s.conditions[ci].property = (e.target as HTMLSelectElement).value; s.conditions[ci].values = []; })}>
        ${this.properties.map((p) => html`<option value=${p.name} ?selected=${p.name === c.property}>${p.name}</option>`)}
      </select>
      <select aria-label=${`Step ${si + 1} condition ${ci + 1} comparison`} @change=${(e: Event) =>
        this.editStep(step.key, (s) => { s.conditions[ci].op = (e.target as HTMLSelectElement).value as ConditionOp; })}>
        ${OPS.map(([op, text]) => html`<option value=${op} ?selected=${op === c.op}>${text}</option>`)}
      </select>
      <input type="text" list=${listId} aria-label=${`Step ${si + 1} condition ${ci + 1} value (several: comma-separated)`}
        .value=${c.values.join(', ')} placeholder="value"
        @change=${(e: Event) => this.editStep(step.key, (s) => {
          const text = (e.target as HTMLInputElement).value;
          s.conditions[ci].values = s.conditions[ci].op.includes('prefix') ? [text.trim()] : text.split(',').map((v) => v.trim()).filter(Boolean);
        })}>
      <datalist id=${listId}>${this.valuesOf(c.property).map((v) => html`<option value=${v}></option>`)}</datalist>
      <button class="icon" aria-label=${`Remove condition ${ci + 1} of step ${si + 1}`}
        @click=${() => this.editStep(step.key, (s) => { s.conditions.splice(ci, 1); })}>✕</button>
    </div>`;
  }

  private renderStep(step: StepModel, i: number) {
    const n = this.model.steps.length;
    const term = this.stepSearch[step.key] ?? '';
    const found = term ? this.matchingEvents(term, step.events).slice(0, 8) : [];
    return html`<li class="step" data-key=${step.key} draggable="true" ?data-dragging=${this.dragKey === step.key}
        ?data-incomplete=${step.events.length === 0}
        @dragstart=${(e: DragEvent) => { this.dragKey = step.key; e.dataTransfer?.setData('text/plain', String(step.key)); }}
        @dragend=${() => { this.dragKey = null; }}
        @dragover=${(e: DragEvent) => e.preventDefault()}
        @drop=${(e: DragEvent) => { e.preventDefault(); this.dropOn(step.key); }}>
      <div class="step-head">
        <button class="icon handle" aria-label=${`Step ${i + 1}, ${step.name}: Alt+Up or Alt+Down moves it`} title="Drag, or Alt+Up / Alt+Down"
          @keydown=${(e: KeyboardEvent) => {
            if (e.altKey && e.key === 'ArrowUp') { e.preventDefault(); this.move(step.key, -1); }
            if (e.altKey && e.key === 'ArrowDown') { e.preventDefault(); this.move(step.key, 1); }
          }}>⠿</button>
        <span class="num" aria-hidden="true">${i + 1}</span>
        <input class="step-name" type="text" aria-label=${`Step ${i + 1} name`} .value=${step.name}
          @change=${(e: Event) => { const name = (e.target as HTMLInputElement).value.trim(); if (name) this.editStep(step.key, (s) => { s.name = name; }); }}>
        <button class="icon" aria-label=${`Move step ${i + 1} up`} ?disabled=${i === 0} @click=${() => this.move(step.key, -1)}>↑</button>
        <button class="icon" aria-label=${`Move step ${i + 1} down`} ?disabled=${i === n - 1} @click=${() => this.move(step.key, 1)}>↓</button>
        <button class="icon" aria-label=${`Remove step ${i + 1}`} @click=${() =>
          this.change((m) => { m.steps.splice(this.stepIndex(m, step.key), 1); }, `Step ${step.name} removed`)}>✕</button>
      </div>
      <div class="row mt-s">
        <span class="muted">Any of:</span>
        ${step.events.map((ev) => html`<span class="chip">${ev}<button aria-label=${`Remove event ${ev} from step ${i + 1}`}
          @click=${() => this.editStep(step.key, (s) => { s.events = s.events.filter((x) => x !== ev); })}>✕</button></span>`)}
        ${step.events.length === 0 ? html`<span class="error">pick an event</span>` : ''}
      </div>
      <div class="mt-s">
        <input type="search" aria-label=${`Add an event to step ${i + 1}`} placeholder="add an event…" .value=${term}
          @input=${(e: Event) => { this.stepSearch = { ...this.stepSearch, [step.key]: (e.target as HTMLInputElement).value }; }}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && found.length > 0) {
              e.preventDefault();
              this.editStep(step.key, (s) => { s.events.push(found[0].event); });
              this.stepSearch = { ...this.stepSearch, [step.key]: '' };
            }
          }}>
        ${found.length ? html`<div class="matches" role="list">${found.map((f) => html`<div role="listitem"><button
          @click=${() => { this.editStep(step.key, (s) => { s.events.push(f.event); }); this.stepSearch = { ...this.stepSearch, [step.key]: '' }; }}>
          <span>${f.event}</span><span class="count">${formatCount(f.count)}</span></button></div>`)}</div>` : ''}
      </div>
      ${step.conditions.map((c, ci) => this.renderCondition(step, c, ci, i))}
      <div class="row mt-s">
        <button ?disabled=${this.properties.length === 0} @click=${() => this.editStep(step.key, (s) => {
          s.conditions.push({ property: this.properties[0]?.name ?? '', op: 'is', values: [] });
        })}>+ condition</button>
        <label><input type="checkbox" .checked=${step.optional && i > 0 && i < n - 1} ?disabled=${i === 0 || i === n - 1}
          @change=${(e: Event) => this.editStep(step.key, (s) => { s.optional = (e.target as HTMLInputElement).checked; })}>optional</label>
        ${i > 0 ? html`<label>within<input class="w-small" type="text" placeholder="any" aria-label=${`Step ${i + 1} at most this long after the previous step`}
          .value=${step.window} @change=${(e: Event) => this.editStep(step.key, (s) => { s.window = (e.target as HTMLInputElement).value; })}></label>
        <label>after at least<input class="w-small" type="text" placeholder="0" aria-label=${`Step ${i + 1} at least this long after the previous step`}
          .value=${step.minGap} @change=${(e: Event) => this.editStep(step.key, (s) => { s.minGap = (e.target as HTMLInputElement).value; })}></label>` : ''}
      </div>
    </li>`;
  }

  render() {
    const m = this.model;
    if (!m) return html``;
    const names = m.steps.map((s) => s.name);
    const palette = this.matchingEvents(this.search, []);
    return html`
      <section class="card" aria-labelledby="journey-title">
        <h2 id="journey-title">Journey</h2>
        <div class="settings">
          <label>Name<input id="journey-name" type="text" .value=${m.name} @change=${(e: Event) => this.change((x) => { x.name = (e.target as HTMLInputElement).value; })}></label>
          <label>Window from step 1<input id="journey-window" type="text" .value=${m.window} placeholder="1d"
            @change=${(e: Event) => this.change((x) => { x.window = (e.target as HTMLInputElement).value.trim(); })}></label>
          <label>Order<select id="journey-order" @change=${(e: Event) => this.change((x) => { x.order = (e.target as HTMLSelectElement).value as JourneyModel['order']; })}>
            ${[['ordered', 'in order'], ['strict', 'strictly in order (nothing between)'], ['any', 'any order']].map(([v, t]) =>
              html`<option value=${v} ?selected=${m.order === v}>${t}</option>`)}</select></label>
          <label>Count<select id="journey-unit" @change=${(e: Event) => this.change((x) => { x.unit = (e.target as HTMLSelectElement).value as JourneyModel['unit']; })}>
            ${['users', 'sessions', 'attempts'].map((v) => html`<option value=${v} ?selected=${m.unit === v}>${v}</option>`)}</select></label>
        </div>

        <h3>Steps</h3>
        ${m.steps.length === 0 ? html`<p class="note">Pick events from the list below to add steps: the funnel appears with the first one.</p>` : ''}
        <ol class="steps" id="steps" aria-label="Steps">${m.steps.map((s, i) => this.renderStep(s, i))}</ol>
        <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>

        <h3>Events in the data</h3>
        <label>Search events<input type="search" id="palette-search" .value=${this.search}
          @input=${(e: Event) => { this.search = (e.target as HTMLInputElement).value; }}
          @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' && palette.length) { e.preventDefault(); this.addStepWith(palette[0].event); this.search = ''; } }}></label>
        <div class="palette" id="palette" role="list" aria-label="Events in the data: choose one to add it as a step">
          ${palette.map((e) => html`<div role="listitem"><button data-event=${e.event} @click=${() => this.addStepWith(e.event)}>
            <span><span aria-hidden="true">+ </span><span class="visually-hidden">Add a step: </span>${e.event}</span>
            <span class="count">${formatCount(e.count)}<span class="visually-hidden"> events</span></span></button></div>`)}
        </div>

        <fieldset><legend>Exclusions</legend>
          <p class="muted">An exclusion event between two steps ends that attempt at the first of them.</p>
          ${m.exclusions.map((x, xi) => html`<div class="cond">
            <select aria-label=${`Exclusion ${xi + 1} event`} @change=${(e: Event) => this.change((y) => { y.exclusions[xi].event = (e.target as HTMLSelectElement).value; })}>
              ${this.events.map((e) => html`<option value=${e.event} ?selected=${e.event === x.event}>${e.event}</option>`)}</select>
            <span>between</span>
            <select aria-label=${`Exclusion ${xi + 1} from step`} @change=${(e: Event) => this.change((y) => { y.exclusions[xi].from = (e.target as HTMLSelectElement).value; })}>
              ${names.map((n) => html`<option ?selected=${n === x.from}>${n}</option>`)}</select>
            <span>and</span>
            <select aria-label=${`Exclusion ${xi + 1} to step`} @change=${(e: Event) => this.change((y) => { y.exclusions[xi].to = (e.target as HTMLSelectElement).value; })}>
              ${names.map((n) => html`<option ?selected=${n === x.to}>${n}</option>`)}</select>
            <button class="icon" aria-label=${`Remove exclusion ${xi + 1}`} @click=${() => this.change((y) => { y.exclusions.splice(xi, 1); })}>✕</button>
          </div>`)}
          <button ?disabled=${m.steps.length < 2 || this.events.length === 0} @click=${() => this.change((y) => {
            y.exclusions.push({ key: newKey(), event: this.events[0]?.event ?? '', from: names[0], to: names[names.length - 1] });
          })}>+ exclusion</button>
        </fieldset>

        <fieldset><legend>Breakdown, trend and friction</legend>
          <div class="settings">
            <label>Break down by<select id="breakdown" @change=${(e: Event) => this.change((x) => { x.breakdown.property = (e.target as HTMLSelectElement).value; })}>
              <option value="" ?selected=${!m.breakdown.property}>(none)</option>
              ${this.properties.map((p) => html`<option value=${p.name} ?selected=${p.name === m.breakdown.property}>${p.name}</option>`)}</select></label>
            <label>Attribution<select id="attribution" @change=${(e: Event) => this.change((x) => { x.breakdown.attribution = (e.target as HTMLSelectElement).value as 'first_touch' | 'last_touch'; })}>
              <option value="first_touch" ?selected=${m.breakdown.attribution === 'first_touch'}>first touch</option>
              <option value="last_touch" ?selected=${m.breakdown.attribution === 'last_touch'}>last touch</option></select></label>
            <label>Trend by<select id="trend" @change=${(e: Event) => this.change((x) => { x.trend = (e.target as HTMLSelectElement).value as JourneyModel['trend']; })}>
              ${['hour', 'day', 'week'].map((v) => html`<option value=${v} ?selected=${m.trend === v}>${v}</option>`)}</select></label>
            <label>Rage and dead clicks as<select id="preset" @change=${(e: Event) => this.change((x) => { x.preset = (e.target as HTMLSelectElement).value; })}>
              <option value="" ?selected=${!m.preset}>default (PostHog)</option>
              ${PRESETS.map((p) => html`<option value=${p} ?selected=${m.preset === p}>${p[0].toUpperCase() + p.slice(1)}</option>`)}</select></label>
          </div>
          <div class="row mt">${MODES.map((mode) => html`<label><input type="checkbox" .checked=${m.modes.includes(mode)}
            @change=${(e: Event) => this.change((x) => {
              x.modes = (e.target as HTMLInputElement).checked ? [...x.modes, mode] : x.modes.filter((y) => y !== mode);
            })}>${mode.replaceAll('_', ' ')}</label>`)}</div>
        </fieldset>
      </section>`;
  }
}
customElements.define('fl-journey-editor', JourneyEditor);
