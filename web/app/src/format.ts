// Display rules: the element's (web/format.js), so the workbench writes numbers as it does.
export { formatCount, formatInterval, formatPercent, formatSeconds } from '/web/format.js';
