// The journey as the editor holds it, and its two text forms: the spec JSON the core reads
// (schema/journey.schema.json) and the URL hash. No analysis here: the core checks and
// runs every spec, and its errors (with the JSON path) are shown as they come.

import type { JourneySpec } from '/wasm/index.js';

export type ConditionOp = 'is' | 'is_not' | 'prefix' | 'not_prefix';

export interface Condition {
  property: string;
  op: ConditionOp;
  values: string[]; // is / is_not: any of these; prefix: the first
}

export interface StepModel {
  key: number; // stable identity for reordering in the view
  name: string;
  events: string[];
  conditions: Condition[];
  optional: boolean;
  window: string; // '' = none
  minGap: string; // '' = none
}

export interface ExclusionModel {
  key: number;
  event: string;
  from: string; // step names
  to: string;
}

export interface JourneyModel {
  name: string;
  window: string;
  order: 'ordered' | 'strict' | 'any';
  unit: 'users' | 'sessions' | 'attempts';
  modes: string[];
  steps: StepModel[];
  exclusions: ExclusionModel[];
  breakdown: { property: string; attribution: 'first_touch' | 'last_touch' };
  trend: 'hour' | 'day' | 'week';
  preset: string; // friction preset for rage and dead clicks; '' = the default
  holdConstant: string[];
  rest: Record<string, unknown>; // friction and value settings kept as loaded
}

export const PRESETS = ['posthog', 'mixpanel', 'amplitude', 'datadog', 'sentry'];
const DEAD_CLICK_PRESETS = new Set(['posthog', 'mixpanel', 'amplitude', 'sentry']);

let nextKey = 1;
export function newKey(): number {
  return nextKey++;
}

export function newStep(name: string, events: string[] = []): StepModel {
  return { key: newKey(), name, events, conditions: [], optional: false, window: '', minGap: '' };
}

export function emptyJourney(): JourneyModel {
  return {
    name: 'My journey', window: '1d', order: 'ordered', unit: 'users', modes: [], steps: [], exclusions: [],
    breakdown: { property: '', attribution: 'first_touch' }, trend: 'day', preset: '', holdConstant: [], rest: {},
  };
}

// A step name not yet used: "Step 3", "Step 3 (2)".
export function uniqueStepName(model: JourneyModel, base: string): string {
  const names = new Set(model.steps.map((s) => s.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} (${i})`)) return `${base} (${i})`;
}

function conditionValue(c: Condition): unknown {
  const values = c.values.filter((v) => v !== undefined);
  const positive = c.op === 'prefix' || c.op === 'not_prefix'
    ? { prefix: values[0] ?? '' }
    : values.length === 1 ? values[0] : { in: values };
  return c.op === 'is_not' || c.op === 'not_prefix' ? { not: positive } : positive;
}

function durationText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return `${value}s`;
  return String(value);
}

// The spec JSON for the core. Incomplete steps (no event yet) are left out, so a step
// being built does not break the funnel; the editor marks them.
export function toSpec(model: JourneyModel): JourneySpec {
  const complete = model.steps.filter((s) => s.events.length > 0);
  const steps = complete.map((s, i) => {
    const step: Record<string, unknown> = { name: s.name, event: s.events.length === 1 ? s.events[0] : [...s.events] };
    const where: Record<string, unknown> = {};
    for (const c of s.conditions) if (c.property && c.values.length > 0) where[c.property] = conditionValue(c);
    if (Object.keys(where).length > 0) step.where = where;
    // The first and the last step cannot be optional (the editor greys the box out there).
    if (s.optional && i > 0 && i < complete.length - 1) step.optional = true;
    if (s.window.trim() !== '') step.window = s.window.trim();
    if (i > 0 && s.minGap.trim() !== '') step.min_gap = s.minGap.trim();
    return step;
  });
  const spec: Record<string, unknown> = { name: model.name || 'journey', window: model.window || '1d', order: model.order };
  spec.steps = steps;
  if (model.unit !== 'users') spec.unit = model.unit;
  if (model.modes.length > 0) spec.modes = [...model.modes];
  const names = new Set(steps.map((s) => s.name as string));
  const exclusions = model.exclusions.filter((e) => e.event && names.has(e.from) && names.has(e.to))
    .map((e) => ({ event: e.event, from: e.from, to: e.to }));
  if (exclusions.length > 0) spec.exclusions = exclusions;
  if (model.holdConstant.length > 0) spec.hold_constant = [...model.holdConstant];
  if (model.breakdown.property) spec.breakdown = { ...model.breakdown };
  if (model.trend !== 'day') spec.trend = model.trend;
  const friction = { ...((model.rest.friction as Record<string, unknown>) ?? {}) };
  if (model.preset) {
    friction.rage_click = model.preset;
    if (DEAD_CLICK_PRESETS.has(model.preset)) friction.dead_click = model.preset;
    else delete friction.dead_click;
  }
  if (Object.keys(friction).length > 0) spec.friction = friction;
  if (model.rest.value !== undefined && model.rest.value !== null) spec.value = model.rest.value;
  return spec as unknown as JourneySpec;
}

function conditionsOf(where: unknown): Condition[] {
  if (!where || typeof where !== 'object') return [];
  const out: Condition[] = [];
  for (const [property, raw] of Object.entries(where as Record<string, unknown>)) {
    let negate = false;
    let value = raw;
    if (value && typeof value === 'object' && !Array.isArray(value) && 'not' in (value as object)) {
      negate = true;
      value = (value as { not: unknown }).not;
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && 'prefix' in (value as object)) {
      out.push({ property, op: negate ? 'not_prefix' : 'prefix', values: [String((value as { prefix: unknown }).prefix)] });
    } else if (value && typeof value === 'object' && !Array.isArray(value) && 'in' in (value as object)) {
      out.push({ property, op: negate ? 'is_not' : 'is', values: ((value as { in: unknown[] }).in).map(String) });
    } else {
      out.push({ property, op: negate ? 'is_not' : 'is', values: [String(value)] });
    }
  }
  return out;
}

function stepName(steps: { name: string }[], ref: unknown, fallback: number): string {
  if (typeof ref === 'number') return steps[ref]?.name ?? '';
  if (typeof ref === 'string') return ref;
  return steps[fallback]?.name ?? '';
}

// A spec (a saved file, the URL hash, a report's canonical `journey`) as the editor's model.
// Throws a readable Error when it is not a spec at all; the core judges the rest.
export function fromSpec(input: unknown): JourneyModel {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('a journey spec is a JSON object');
  const spec = input as Record<string, unknown>;
  if (!Array.isArray(spec.steps)) throw new Error('a journey spec has a "steps" array');
  const model = emptyJourney();
  model.name = typeof spec.name === 'string' ? spec.name : 'journey';
  model.window = durationText(spec.window) || '1d';
  model.order = (['ordered', 'strict', 'any'].includes(spec.order as string) ? spec.order : 'ordered') as JourneyModel['order'];
  model.unit = (['users', 'sessions', 'attempts'].includes(spec.unit as string) ? spec.unit : 'users') as JourneyModel['unit'];
  model.modes = Array.isArray(spec.modes) ? spec.modes.map(String) : [];
  model.steps = (spec.steps as Record<string, unknown>[]).map((s, i) => ({
    key: newKey(),
    name: typeof s.name === 'string' ? s.name : `Step ${i + 1}`,
    events: Array.isArray(s.event) ? s.event.map(String) : s.event === undefined ? [] : [String(s.event)],
    conditions: conditionsOf(s.where),
    optional: s.optional === true,
    window: durationText(s.window),
    minGap: durationText(s.min_gap),
  }));
  const steps = model.steps;
  model.exclusions = Array.isArray(spec.exclusions)
    ? (spec.exclusions as Record<string, unknown>[]).map((e) => ({
      key: newKey(),
      event: Array.isArray(e.event) ? String(e.event[0] ?? '') : String(e.event ?? ''),
      from: stepName(steps, e.from, 0),
      to: stepName(steps, e.to, steps.length - 1),
    }))
    : [];
  const hold = spec.hold_constant;
  model.holdConstant = typeof hold === 'string' ? [hold] : Array.isArray(hold) ? hold.map(String) : [];
  const breakdown = spec.breakdown;
  if (typeof breakdown === 'string') model.breakdown = { property: breakdown, attribution: 'first_touch' };
  else if (breakdown && typeof breakdown === 'object') {
    const b = breakdown as Record<string, unknown>;
    model.breakdown = { property: String(b.property ?? ''), attribution: b.attribution === 'last_touch' ? 'last_touch' : 'first_touch' };
  }
  model.trend = (['hour', 'day', 'week'].includes(spec.trend as string) ? spec.trend : 'day') as JourneyModel['trend'];
  const friction = spec.friction && typeof spec.friction === 'object' ? { ...(spec.friction as Record<string, unknown>) } : {};
  if (typeof friction.rage_click === 'string' && PRESETS.includes(friction.rage_click)) {
    model.preset = friction.rage_click;
    delete friction.rage_click;
    if (friction.dead_click === model.preset) delete friction.dead_click;
  }
  model.rest = { friction, value: spec.value ?? null };
  return model;
}

// URL hash: #view=results&journey=<base64url of the spec JSON>
function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export interface HashState {
  view?: string;
  spec?: JourneySpec;
}

export function readHash(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state: HashState = {};
  const view = params.get('view');
  if (view) state.view = view;
  const journey = params.get('journey');
  if (journey) {
    try {
      state.spec = JSON.parse(fromBase64Url(journey)) as JourneySpec;
    } catch {
      // a damaged link: the view opens without it
    }
  }
  return state;
}

export function writeHash(state: HashState): string {
  const params = new URLSearchParams();
  if (state.view) params.set('view', state.view);
  if (state.spec) params.set('journey', toBase64Url(JSON.stringify(state.spec)));
  return `#${params.toString()}`;
}
