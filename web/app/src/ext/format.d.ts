// Types of web/format.js (served beside the bundle; see vite.config.ts).
export declare function formatPercent(rate: number): string;
export declare function formatInterval(ci: [number, number] | number[] | null | undefined): string;
export declare function formatCount(n: number): string;
export declare function formatSeconds(s: number | null | undefined): string;
