// Styles shared by the workbench's components (colours come from page.css).
import { css } from 'lit';

export const shared = css`
  :host { display: block; color: var(--fg); }
  * { box-sizing: border-box; }
  h2 { font-size: 1.15rem; margin: 0 0 8px; }
  h3 { font-size: 1rem; margin: 16px 0 6px; }
  p { margin: 4px 0; }
  .muted { color: var(--muted); }
  .card { background: var(--surface); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 0 0 14px; }
  button, select, input, textarea { font: inherit; color: inherit; }
  button { background: var(--surface); border: 1px solid var(--line); border-radius: 6px; padding: 5px 11px; cursor: pointer; min-height: 32px; }
  button:hover { border-color: var(--accent); }
  button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); font-weight: 600; }
  button.link { border: none; background: none; color: var(--accent); text-decoration: underline; padding: 2px 4px; min-height: 24px; }
  button.icon { padding: 2px 8px; min-width: 32px; }
  button:disabled { opacity: 0.55; cursor: default; }
  select, input[type="text"], input[type="search"], input:not([type]) {
    background: var(--surface); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; min-height: 32px; max-width: 100%; }
  :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
  label { display: inline-flex; gap: 6px; align-items: center; }
  .row { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; }
  .stack { display: flex; flex-direction: column; gap: 6px; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; font-size: 0.88em; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .scroll { overflow: auto; max-width: 100%; }
  .error { color: var(--danger); font-weight: 600; }
  .alert { border-left: 4px solid var(--danger); background: var(--warn-bg); padding: 8px 12px; border-radius: 4px; }
  .note { border-left: 4px solid var(--accent); background: var(--accent-soft); padding: 8px 12px; border-radius: 4px; }
  .chip { display: inline-flex; align-items: center; gap: 4px; border: 1px solid var(--line); border-radius: 999px; padding: 1px 4px 1px 10px; background: var(--accent-soft); }
  .chip button { border: none; background: none; min-height: 24px; padding: 0 6px; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .ci { color: var(--muted); font-size: 0.88em; }
  .chart-box { position: relative; height: 240px; }
  .mt { margin-top: 12px; }
  .mt-s { margin-top: 6px; }
  .m0 { margin: 0; }
  h3.top, h2.top { margin-top: 0; }
  .between { justify-content: space-between; }
  .small { font-size: 0.95rem; }
`;
