// The report's sections as the workbench reads them (schema/report.schema.json).
export type Interval = [number, number];

export interface Step {
  name: string;
  count: number;
  conversion: number;
  conversion_ci95: Interval;
  step_conversion: number;
  step_conversion_ci95: Interval;
  dropped: number;
  in_progress: number;
  median_seconds_from_previous: number | null;
  p90_seconds_from_previous: number | null;
  mean_seconds_from_previous: number | null;
  median_seconds_from_start: number | null;
  p90_seconds_from_start: number | null;
  time_histogram: { edges_seconds: number[]; counts: number[] } | null;
}

export interface FrictionPoint {
  found_under?: string;  // rage and dead clicks: the vendor rules that find the point
  stage: string;
  stage_index: number;
  next_step: string | null;
  signal: string;
  labels: string[];
  target: string | null;
  affected: number;
  baseline: number;
  compare: string;
  affected_conversion: number;
  baseline_conversion: number;
  left_after: number;
  difference: number | null;
  difference_ci95: Interval | null;
  lost_conversions: number | null;
  lost_conversions_ci95: Interval | null;
  revenue_at_risk: number | null;
  revenue_at_risk_ci95: Interval | null;
  p_value: number;
  test: string;
  q_value: number | null;
  significant: boolean;
  enough_data: boolean;
  segments: Array<Record<string, unknown>>;
  examples: string[];
  sentence: string;
}

export interface TrendRow { start: string; entered: number; converted: number; conversion: number; conversion_ci95: Interval }

export interface FullReport {
  schema: string;
  journey: Record<string, unknown>;
  input: {
    files: string[]; rows: number; rejected: number; users: number; sessions: number; events: number;
    first_time: string | null; last_time: string | null;
    rejections: Array<{ file: string; line: number; column: number; reason: string }>;
    warnings: string[];
    // Only for a journey with "tables": what each table's rows made (schema/report.schema.json).
    tables?: Array<{
      table: string; kind: 'events' | 'attributes'; files: string[]; rows: number; rejected: number;
      events?: number; joined_rows?: number;
      joins?: Array<{ table: string; on: string; matched: number; unmatched: number; unmatched_examples: string[] }>;
      findings?: Array<{ kind: string; what: string; count: number; examples: string[]; example_lines: number[] }>;
    }>;
    event_counts: Array<{ event: string; count: number }>;
    // Only beyond 1,000 names: those not listed in event_counts, and their events.
    event_names_not_listed?: number; events_not_listed?: number;
    [key: string]: unknown;
  };
  funnel: {
    unit: string; window_seconds: number; order: string; steps: Step[];
    breakdown: { property: string; attribution: string; values?: number; values_in_other?: number; segments: Array<Record<string, unknown>> } | null;
    trend: { bucket: string; rows: TrendRow[] } | null;
  };
  friction?: {
    summary?: Record<string, unknown>;
    points?: FrictionPoint[];
    // Top friction as every door shows it: indexes into points, in rank order.
    top?: Array<{ rank: number; point: number; significant: boolean; sentence: string }>;
    without_loss?: Array<{ point: number; sentence: string }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
