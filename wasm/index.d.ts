// Types of the `frictionlens` package (index.js).

/**
 * One input: the events of one file, plain or gzip/zstd-compressed (told by its first bytes).
 * A string holds the events themselves (CSV or JSON Lines).
 */
export type InputSource = File | Blob | URL | Uint8Array | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | string;

/** An input under an explicit file name (used in error messages and the report's input.files). */
export interface NamedInput {
  name: string;
  data: InputSource;
}

export type Input = InputSource | NamedInput | Array<InputSource | NamedInput>;

/** A built-in journey name ("store"), spec JSON text, a spec object, or a URL of a spec file. */
export type Journey = string | JourneySpec | URL;

export interface JourneyStep {
  name: string;
  event: string | string[];
  optional?: boolean;
  where?: Record<string, unknown>;
  window?: string | number;
  [key: string]: unknown;
}

export interface JourneySpec {
  name?: string;
  window?: string | number;
  order?: 'ordered' | 'strict' | 'any';
  steps: JourneyStep[];
  [key: string]: unknown;
}

export interface Progress {
  /** Bytes fed to the core so far (as read: compressed bytes for a compressed input). */
  bytes: number;
  /** Total bytes of all inputs, or null while some input's size is unknown. */
  total: number | null;
}

export interface AnalyzeOptions {
  /** auto | csv | jsonl | otto (the CLI's --input-format). */
  format?: 'auto' | 'csv' | 'jsonl' | 'otto';
  /** Whose export (the CLI's --source): auto recognises it by its columns; see docs/sources.md. */
  source?: 'auto' | 'posthog' | 'mixpanel' | 'amplitude' | 'segment' | 'rudderstack' | 'ga4' | 'snowplow' | 'generic';
  /** One character, or "tab". Detected among , ; TAB | when absent. */
  delimiter?: string;
  /** Column names for a CSV file without a header row (the CLI's --columns). */
  columns?: string[];
  /** Which columns hold the roles (the CLI's --map user=...,time=...); user may be "userId|anonymousId". */
  map?: { user?: string; time?: string; event?: string; session?: string };
  time_format?: 'auto' | 'iso' | 'epoch_s' | 'epoch_ms';
  timeFormat?: 'auto' | 'iso' | 'epoch_s' | 'epoch_ms';
  /** Inactivity that ends a session: "30m", "1h", or seconds. */
  session_gap?: string | number;
  sessionGap?: string | number;
  keep_time_outliers?: boolean;
  keepTimeOutliers?: boolean;
  /** Called at most every 50 ms while bytes are fed, and once at the end. */
  onProgress?: (progress: Progress) => void;
  /** Aborting rejects the promise with an AbortError and stops the work at the next chunk. */
  signal?: AbortSignal;
  /** Bytes per chunk for Uint8Array, string and Node file inputs (default 1 MiB). */
  chunkSize?: number;
}

export interface FunnelStep {
  name: string;
  count: number;
  conversion: number;
  conversion_ci95: [number, number];
  step_conversion: number;
  step_conversion_ci95: [number, number];
  dropped: number;
  in_progress: number;
  median_seconds_from_previous: number | null;
  p90_seconds_from_previous: number | null;
  [key: string]: unknown;
}

export interface Rejection {
  file: string;
  line: number;
  column: number;
  reason: string;
}

/** The report, schema "frictionlens.report/1" (see schema/ in the repository). */
export interface Report {
  schema: string;
  input: {
    files: unknown[];
    rows: number;
    rejected: number;
    users: number;
    sessions: number;
    events: number;
    first_time: string | null;
    last_time: string | null;
    rejections: Rejection[];
    warnings: unknown[];
    [key: string]: unknown;
  };
  funnel: {
    unit: string;
    window_seconds: number;
    order: string;
    steps: FunnelStep[];
    breakdown: unknown;
    [key: string]: unknown;
  };
  friction?: { points?: Array<{ sentence?: string; [key: string]: unknown }>; [key: string]: unknown };
  [key: string]: unknown;
}

/** An error reported by the core: message names file, line, column and reason. */
export class FrictionLensError extends Error {
  name: 'FrictionLensError';
  /** The absl::Status code name, e.g. "INVALID_ARGUMENT". */
  code: string;
}

export interface Analyzer {
  /** The report as an object: the same as `frictionlens analyze --format json`. */
  analyze(input: Input, journey?: Journey, options?: AnalyzeOptions): Promise<Report>;
  /** The report's exact JSON text (byte-identical to the CLI's). */
  analyzeJson(input: Input, journey?: Journey, options?: AnalyzeOptions): Promise<string>;
  /** Stops the worker; pending analyses reject. */
  /** analyze(), keeping the table in the worker for reanalyze() and the descriptions. */
  load(input: Input, journey?: Journey, options?: AnalyzeOptions): Promise<Report>;
  loadJson(input: Input, journey?: Journey, options?: AnalyzeOptions): Promise<string>;
  /** Another journey on the loaded table: a fresh analyze()'s report, without reading the input again. */
  reanalyze(journey: Journey): Promise<Report>;
  /** Plans an A/B test: the days to detect `mde`, or the lift `days` can detect (as `frictionlens plan`). */
  plan(input: PlanInput): Promise<Plan>;
  reanalyzeJson(journey: Journey): Promise<string>;
  /** The loaded files as the reader found them (as `frictionlens validate --format json` lists them). */
  files(): Promise<FileDescription[]>;
  /** The first rows of the loaded table, user by user in time order. */
  preview(rows?: number): Promise<TablePreview>;
  /** Per property column: how often it is filled and its most frequent values. */
  properties(values?: number): Promise<PropertySummary[]>;
  /** One user's events under the last journey, with matched steps and friction signals. */
  timeline(user: string, events?: number): Promise<UserTimeline>;
  /** Why one user was counted where they were: each unit's chain and why it stopped. */
  explain(user: string, events?: number): Promise<UserStory>;
  terminate(): void;
}

export interface CreateAnalyzerOptions {
  /** Run in a Web Worker / worker_threads Worker (default true) or on the calling thread. */
  worker?: boolean;
}

export function createAnalyzer(options?: CreateAnalyzerOptions): Promise<Analyzer>;

export interface FileDescription {
  file: string;
  format: 'csv' | 'jsonl' | 'otto' | string;
  delimiter: string;
  header: boolean;
  rows: number;
  rejected: number;
  source: string;
  source_title: string;
  source_detected: boolean;
  detected_by: string;
  identity_columns: string[];
  /** role: "user", "time (iso)", "event", "session", "property", "user (person id 1 of 2)". */
  columns: Array<{ name: string; role: string }>;
}

export interface TablePreview {
  /** "user", "time", "event", "session", then every property. */
  columns: string[];
  rows: Array<Array<string | number>>;
  total: number;
}

export interface PropertySummary {
  name: string;
  filled: number;
  distinct: number;
  values: Array<{ value: string; count: number }>;
}

export interface TimelineEvent {
  time: string;
  event: string;
  session: number;
  /** Indices of the journey steps this event matches. */
  steps: number[];
  signals: Array<{ signal: string; target: string }>;
  properties: Record<string, string>;
}

export interface UserTimeline {
  user: string;
  total: number;
  events: TimelineEvent[];
}

export interface UnitStory {
  unit: number;
  first_time: string | null;
  level: number;
  reached: string[];
  /** The event that matched each step reached; an optional step passed by skipping has `skipped`. */
  chain: Array<{ step: string; time?: string; event?: string; index?: number; skipped?: boolean }>;
  outcome: 'converted' | 'in_progress' | 'excluded' | 'strict_order' | 'window_closed' | 'no_next_event' | 'dropped' | 'not_entered';
  reason: string;
}

export interface UserStory {
  user: string;
  journey: string;
  units: UnitStory[];
  total: number;
  events: Array<TimelineEvent & { chain: Array<{ unit: number; step: string }> }>;
}

/** Input of Analyzer.plan: give either mde (absolute lift) or days. */
export interface PlanInput {
  baseline: number;
  daily_units: number;
  mde?: number;
  days?: number;
  variants?: number;
  alpha?: number;
  power?: number;
}

export interface Plan {
  baseline: number;
  daily_units: number;
  variants: number;
  alpha: number;
  power: number;
  units_per_variant: number;
  days: number;
  mde: number;
  relative_mde: number;
  method: string;
}
