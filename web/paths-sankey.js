// The paths Sankey of <frictionlens-report>: the journey's flow, read from the report. Per
// step, the units that went on to the next step, those who dropped there (split by what they
// did next instead) and those still inside their window. One flow model feeds both drawings:
// chartjs-chart-sankey where Chart.js is loaded, and an inline SVG in the `plain` mode (the
// CLI's self-contained HTML, which loads nothing).
//
// Every number is the report's own: the funnel's count, dropped and in_progress at the next
// step, and the paths section's `dropped` list. Nothing is derived here; if those counts do
// not add up (a unit at a step is exactly one of: on, dropped, in progress; a dropped unit
// is exactly one entry of the list), nothing is drawn and the reason is given instead.

import { formatCount, formatInterval, formatPercent } from './format.js';

const NO_FURTHER = '(no further event)';

// {steps, nodes, flows} or {problem}. steps: per step with a next one, its figures for the
// sentences; nodes: {key, label, column, kind, units}; flows: {from, to, flow, kind, text}
// with kind next | dropped | open, in drawing order (each step's next step first).
export function pathsFlows(report) {
  if (!report.funnel) return { problem: 'the report has no funnel section, whose counts the flow reads' };
  const funnel = report.funnel.steps ?? [];
  const paths = report.paths?.steps ?? [];
  const steps = [];
  const nodes = [];
  const flows = [];
  const node = (key, label, column, kind, units) => nodes.push({ key, label, column, kind, units });
  if (funnel.length) node('step:0', `${funnel[0].name} ${formatCount(funnel[0].count)}`, 0, 'step', funnel[0].count);
  for (let i = 0; i + 1 < funnel.length; i++) {
    const here = funnel[i];
    const next = funnel[i + 1];
    const list = paths[i];
    if (list?.step !== here.name) return { problem: `the paths section has no list for the step ${here.name}` };
    if (here.count !== next.count + next.dropped + next.in_progress) {
      return { problem: `at ${here.name}, ${formatCount(here.count)} units are not ${formatCount(next.count)} on + ` +
        `${formatCount(next.dropped)} dropped + ${formatCount(next.in_progress)} in progress` };
    }
    const dropped = list.dropped ?? { units: 0, events: [], other: { events: 0, units: 0 } };
    const listed = dropped.events.reduce((sum, e) => sum + e.units, 0) + dropped.other.units;
    if (dropped.units !== next.dropped || listed !== dropped.units) {
      return { problem: `at ${here.name}, the funnel's ${formatCount(next.dropped)} dropped are not the paths ` +
        `section's ${formatCount(dropped.units)} (its list holds ${formatCount(listed)})` };
    }
    steps.push({ name: here.name, count: here.count, next, dropped, inProgress: next.in_progress });
    const from = `step:${i}`;
    const column = i + 1;
    if (next.count > 0) {
      node(`step:${column}`, `${next.name} ${formatCount(next.count)}`, column, 'step', next.count);
      flows.push({ from, to: `step:${column}`, flow: next.count, kind: 'next',
        text: `${here.name} → ${next.name}: ${formatCount(next.count)} of ${formatCount(here.count)} went on, ` +
          `${formatPercent(next.step_conversion)} (95% CI ${formatInterval(next.step_conversion_ci95)})` });
    }
    for (const e of dropped.events) {
      const key = `dropped:${i}:${e.event}`;
      node(key, `${e.event === NO_FURTHER ? 'left' : e.event} ${formatCount(e.units)}`, column, 'dropped', e.units);
      flows.push({ from, to: key, flow: e.units, kind: 'dropped',
        text: `Dropped at ${here.name}, then ${droppedWhat(e.event)}: ${formatCount(e.units)} of the ` +
          `${formatCount(dropped.units)} who dropped, ${formatPercent(e.share)} (95% CI ${formatInterval(e.share_ci95)})` });
    }
    if (dropped.other.units > 0) {
      // The report gives the rest of the list as a count with no interval: shown as a count.
      const key = `other:${i}`;
      node(key, `${otherEvents(dropped.other)} ${formatCount(dropped.other.units)}`, column, 'dropped', dropped.other.units);
      flows.push({ from, to: key, flow: dropped.other.units, kind: 'dropped',
        text: `Dropped at ${here.name}, then one of ${otherEvents(dropped.other)}: ` +
          `${formatCount(dropped.other.units)} of the ${formatCount(dropped.units)} who dropped` });
    }
    if (next.in_progress > 0) {
      node(`open:${i}`, `in window ${formatCount(next.in_progress)}`, column, 'open', next.in_progress);
      flows.push({ from, to: `open:${i}`, flow: next.in_progress, kind: 'open',
        text: `${here.name}: ${formatCount(next.in_progress)} still inside their window when the data ends ` +
          '(not dropped, not on yet)' });
    }
  }
  return { steps, nodes, flows };
}

function otherEvents(other) {
  return `${formatCount(other.events)} other ${other.events === 1 ? 'event' : 'events'}`;
}

function droppedWhat(event) {
  return event === NO_FURTHER ? 'no further event in the window' : event;
}

// One sentence per step: "Of 958 at Cart: 733 went on to Checkout (76.5%, 95% CI
// 73.7–79.1%); 138 dropped: 128 no further event in the window (92.8%, …), 10 page_view
// (…); 87 still inside their window."
export function flowSentence(step) {
  const { next, dropped } = step;
  const parts = [`${formatCount(next.count)} went on to ${next.name} ` +
    `(${formatPercent(next.step_conversion)}, 95% CI ${formatInterval(next.step_conversion_ci95)})`];
  if (dropped.units > 0) {
    const what = dropped.events.map((e) => `${formatCount(e.units)} ${droppedWhat(e.event)} ` +
      `(${formatPercent(e.share)}, 95% CI ${formatInterval(e.share_ci95)})`);
    if (dropped.other.units > 0) {
      what.push(`${formatCount(dropped.other.units)} one of ${otherEvents(dropped.other)}`);
    }
    parts.push(`${formatCount(dropped.units)} dropped: ${what.join(', ')}`);
  }
  if (step.inProgress > 0) parts.push(`${formatCount(step.inProgress)} still inside their window`);
  return `Of ${formatCount(step.count)} at ${step.name}: ${parts.join('; ')}.`;
}

// The Chart.js configuration (chartjs-chart-sankey): nodes in the model's columns, each
// column's next step on top; colors by kind from the element's theme.
export function sankeyChartConfig(model, colors) {
  const byKind = { next: colors.next, dropped: colors.dropped, open: colors.open };
  const color = (context) => byKind[model.flows[context.dataIndex]?.kind] ?? colors.open;
  return {
    type: 'sankey',
    data: {
      datasets: [{
        label: 'Journey flow',
        data: model.flows.map(({ from, to, flow }) => ({ from, to, flow })),
        labels: Object.fromEntries(model.nodes.map((n) => [n.key, n.label])),
        column: Object.fromEntries(model.nodes.map((n) => [n.key, n.column])),
        priority: Object.fromEntries(model.nodes.map((n, i) => [n.key, i])),
        // Every source is a step (its node in the step color); a band takes its target's.
        colorFrom: colors.next,
        colorTo: color,
        colorMode: 'to',
        color: colors.text,
        borderWidth: 0,
        nodeWidth: 10,
        nodePadding: 14,
        size: 'max',
      }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => model.flows[item.dataIndex]?.text ?? '' } },
      },
    },
  };
}

// The inline SVG: columns left to right, each column's nodes stacked (the next step first,
// then what the dropped did, then those in their window), a band per flow whose thickness
// is its count; each band carries its count (data-flow) and its sentence (<title>).
export function sankeySvg(model) {
  const ns = 'http://www.w3.org/2000/svg';
  const columns = [];
  for (const n of model.nodes) (columns[n.column] ??= []).push(n);
  const nodeWidth = 10, spacing = 150, labelRoom = 130, gap = 16, plot = 260, top = 8, bottom = 8;
  const tallest = Math.max(1, ...columns.map((c) => c.length));
  const most = Math.max(1, ...columns.map((c) => c.reduce((sum, n) => sum + n.units, 0)));
  const scale = plot / most;
  const width = 4 + (columns.length - 1) * spacing + nodeWidth + labelRoom;
  const height = top + plot + (tallest - 1) * gap + bottom;
  const place = new Map();
  columns.forEach((column, c) => {
    let y = top;
    for (const n of column) {
      const h = Math.max(1, n.units * scale);
      place.set(n.key, { x: 4 + c * spacing, y, h, out: 0, in: 0 });
      y += h + gap;
    }
  });
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'paths-sankey-svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'The journey\'s flow: per step, the units that went on, those who dropped by what ' +
    'they did instead, and those still in their window (the list below gives every flow\'s count and share)');
  const add = (parent, name, attributes, text) => {
    const element = document.createElementNS(ns, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    parent.append(element);
    return element;
  };
  for (const f of model.flows) {
    const source = place.get(f.from);
    const target = place.get(f.to);
    const thick = Math.max(1, f.flow * scale);
    const x0 = source.x + nodeWidth, x1 = target.x, middle = (x0 + x1) / 2;
    const y0 = source.y + source.out, y1 = target.y + target.in;
    source.out += thick;
    target.in += thick;
    const d = `M${x0},${y0.toFixed(1)} C${middle},${y0.toFixed(1)} ${middle},${y1.toFixed(1)} ${x1},${y1.toFixed(1)}` +
      ` V${(y1 + thick).toFixed(1)} C${middle},${(y1 + thick).toFixed(1)} ${middle},${(y0 + thick).toFixed(1)} ` +
      `${x0},${(y0 + thick).toFixed(1)} Z`;
    const band = add(svg, 'path', { class: `flow ${f.kind}`, d, 'data-from': f.from, 'data-to': f.to, 'data-flow': f.flow });
    add(band, 'title', {}, f.text);
  }
  for (const n of model.nodes) {
    const p = place.get(n.key);
    add(svg, 'rect', { class: `node ${n.kind}`, x: p.x, y: p.y.toFixed(1), width: nodeWidth, height: p.h.toFixed(1) });
    add(svg, 'text', { class: `label ${n.kind}`, x: p.x + nodeWidth + 4, y: (p.y + p.h / 2 + 4).toFixed(1) }, n.label);
  }
  return svg;
}
