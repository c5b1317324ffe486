// Chart.js, the same UMD build the report element loads (one copy on the page).
import type { Chart as ChartType } from 'chart.js';

type ChartConstructor = typeof ChartType;
let loading: Promise<ChartConstructor> | null = null;

export function loadChart(): Promise<ChartConstructor> {
  loading ??= import('/node_modules/chart.js/dist/chart.umd.js').then(
    () => (globalThis as unknown as { Chart: ChartConstructor }).Chart);
  return loading;
}

export function themeColor(element: Element, name: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || '#888';
}

export const SERIES = ['--c1', '--c2', '--c3', '--c4', '--c5', '--c6', '--c7'];
