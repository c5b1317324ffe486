// Times several engines on a shared machine (used in Node and, served, in the page of
// bench/compare-browser.mjs): each function is called once (warm-up, and the answer to
// check), then `runs` more times with the engines taking turns, so that load from other
// work falls on all of them alike. Returns {name: {result, times (s), seconds (the best)}}.
export async function timeInTurns(fns, runs) {
  const out = {};
  for (const [name, fn] of Object.entries(fns)) out[name] = { result: await fn(), times: [] };
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const start = performance.now();
      await fn();
      out[name].times.push((performance.now() - start) / 1000);
    }
  }
  for (const entry of Object.values(out)) entry.seconds = Math.min(...entry.times);
  return out;
}
