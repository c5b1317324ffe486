// Modules imported for their side effect only (the report element, Chart.js's UMD build).
export {};
