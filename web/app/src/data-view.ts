// Check the data: what the reader found (the core's description of the kept table).
import { LitElement, html, css } from 'lit';
import type { FileDescription, TablePreview } from '/wasm/index.js';
import { shared } from './styles.ts';
import { formatCount } from './format.ts';
import type { FullReport } from './types.ts';

const ROLES = ['user', 'time', 'event', 'session', 'property'] as const;

function baseRole(role: string): string {
  const word = role.split(' ')[0];
  return (ROLES as readonly string[]).includes(word) ? word : 'property';
}

export class DataView extends LitElement {
  static properties = {
    report: { attribute: false },
    files: { attribute: false },
    preview: { attribute: false },
    roles: { state: true },
    search: { state: true },
  };
  declare report: FullReport | null;
  declare files: FileDescription[];
  declare preview: TablePreview | null;
  declare roles: Record<string, string>; // column -> role chosen here
  declare search: string;

  constructor() {
    super();
    this.report = null;
    this.files = [];
    this.preview = null;
    this.roles = {};
    this.search = '';
  }

  static styles = [shared, css`
    .stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
    .stat { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
    .stat b { display: block; font-size: 1.25rem; }
    .stat.wide { grid-column: span 2; }
    .stat b.small { font-size: 0.95rem; }
    .cols { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
    @media (max-width: 900px) { .cols { grid-template-columns: 1fr; } }
    .events { max-height: 360px; overflow: auto; }
    td.cell { max-width: 220px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  `];

  willUpdate(changed: Map<string, unknown>) {
    if (changed.has('files')) this.roles = {};
  }

  private roleOf(column: { name: string; role: string }): string {
    return this.roles[column.name] ?? baseRole(column.role);
  }

  // The chosen roles as the `map` option: the columns the user set, and the others as detected.
  private applyRoles() {
    const map: Record<string, string> = {};
    for (const file of this.files) {
      for (const column of file.columns) {
        const role = this.roleOf(column);
        if (role !== 'property' && !map[role]) map[role] = column.name;
      }
    }
    this.dispatchEvent(new CustomEvent('apply-roles', { detail: { map }, bubbles: true, composed: true }));
  }

  // The journey's tables: rows read, events made, joins, and rows whose stages are out of
  // order (kept, with examples). The roles of their columns come from the journey.
  private renderTables(tables: NonNullable<FullReport['input']['tables']>) {
    return html`<section class="card" aria-labelledby="tables-title" id="tables">
      <h2 id="tables-title">Tables</h2>
      <div class="scroll" tabindex="0" role="region" aria-label="Tables (scrolls)"><table>
        <thead><tr><th scope="col">Table</th><th scope="col">Rows</th><th scope="col">Rejected</th>
          <th scope="col">Events made</th><th scope="col">Joins</th></tr></thead>
        <tbody>${tables.map((t) => html`<tr data-table=${t.table}>
          <td>${t.table} <span class="muted">(${t.kind})</span></td>
          <td>${formatCount(t.rows)}</td><td>${formatCount(t.rejected)}</td>
          <td>${t.kind === 'events' ? formatCount(t.events ?? 0) : `${formatCount(t.joined_rows ?? 0)} rows joined`}</td>
          <td>${(t.joins ?? []).map((j) => `${j.table} on ${j.on}: ${formatCount(j.matched)} found, ${formatCount(j.unmatched)} not`).join('; ')}</td>
        </tr>`)}</tbody></table></div>
      ${tables.some((t) => t.findings?.length) ? html`<h3>Rows out of stage order (kept)</h3><ul class="findings">
        ${tables.flatMap((t) => (t.findings ?? []).map((f) => html`<li>${t.table}: ${formatCount(f.count)} rows with
          ${f.what} (e.g. ${f.examples.slice(0, 3).join(', ')}, line ${f.example_lines[0]})</li>`))}</ul>` : ''}
    </section>`;
  }

  render() {
    const r = this.report;
    if (!r) return html``;
    const input = r.input;
    const changed = Object.keys(this.roles).length > 0;
    const term = this.search.trim().toLowerCase();
    const events = input.event_counts.filter((e) => e.event.toLowerCase().includes(term));
    return html`
      <section class="card" aria-labelledby="data-title">
        <h2 id="data-title">Check the data</h2>
        <div class="stats">
          <div class="stat"><span class="muted">Rows read</span><b id="stat-rows">${formatCount(input.rows)}</b></div>
          <div class="stat"><span class="muted">Rejected</span><b id="stat-rejected">${formatCount(input.rejected)}</b></div>
          <div class="stat"><span class="muted">Events used</span><b id="stat-events">${formatCount(input.events)}</b></div>
          <div class="stat"><span class="muted">Users</span><b id="stat-users">${formatCount(input.users)}</b></div>
          <div class="stat"><span class="muted">Sessions</span><b>${formatCount(input.sessions)}</b></div>
          <div class="stat wide"><span class="muted">Time range (UTC)</span><b class="small" id="stat-range">${input.first_time ?? '–'}<br>${input.last_time ?? ''}</b></div>
        </div>
        ${input.identity ? html`<p class="note mt" id="identity">${(() => {
          const id = input.identity as Record<string, number>;
          return `${formatCount(id.ids)} ids stitched into ${formatCount(id.persons)} persons (${formatCount(id.merged_ids)} ids joined another's person; ${formatCount(id.identity_only_rows)} identity-only rows).`;
        })()}${typeof input.duplicates === 'number' ? ` ${formatCount(input.duplicates as number)} duplicate events dropped.` : ''}</p>` : ''}
        ${input.warnings.length ? html`<div class="note mt"><h3 class="top">Warnings</h3>
          <ul>${input.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
      </section>
      ${input.tables ? this.renderTables(input.tables) : ''}

      ${this.files.map((file, i) => html`
        <section class="card" aria-labelledby=${`file-${i}`}>
          <h3 id=${`file-${i}`} class="top">${file.file}</h3>
          <p class="muted file-format">${file.format.toUpperCase()}${file.format === 'csv'
            ? `, delimiter ${file.delimiter === '\t' ? 'TAB' : `"${file.delimiter}"`}, ${file.header ? 'header row' : 'no header row'}` : ''}
            · ${formatCount(file.rows)} rows · ${formatCount(file.rejected)} rejected
            ${file.source !== 'generic' ? html` · ${file.source_detected ? 'looks like' : 'read as'} ${file.source_title}` : ''}</p>
          <div class="scroll" tabindex="0" role="region" aria-label="Table (scrolls)"><table class="columns">
            <thead><tr><th scope="col">Column</th><th scope="col">Role</th><th scope="col">As read</th></tr></thead>
            <tbody>${file.columns.map((c) => html`<tr data-column=${c.name}>
              <td>${c.name}</td>
              ${input.tables ? html`<td>${c.role}</td>` : html`<td><select aria-label=${`Role of column ${c.name}`} @change=${(e: Event) => {
                this.roles = { ...this.roles, [c.name]: (e.target as HTMLSelectElement).value };
              }}>${ROLES.map((role) => html`<option value=${role} ?selected=${this.roleOf(c) === role}>${role}</option>`)}</select></td>`}
              <td class="muted">${c.role}</td></tr>`)}</tbody></table></div>
          ${i === this.files.length - 1 ? html`<p class="mt"><button id="apply-roles" ?disabled=${!changed}
            @click=${this.applyRoles}>Read again with these roles</button>
            <span class="muted">The files are read again; every other answer comes from the table already read.</span></p>` : ''}
        </section>`)}

      <div class="cols">
        <section class="card" aria-labelledby="events-title">
          <h3 id="events-title" class="top">Events (${formatCount(input.event_counts.length + (input.event_names_not_listed ?? 0))})</h3>
          ${input.event_names_not_listed ? html`<p class="muted" id="events-not-listed">The ${formatCount(input.event_counts.length)}
            most frequent are listed; ${formatCount(input.event_names_not_listed)} more names hold
            ${formatCount(input.events_not_listed ?? 0)} events.</p>` : ''}
          <label>Search<input type="search" id="event-search" .value=${this.search}
            @input=${(e: Event) => { this.search = (e.target as HTMLInputElement).value; }}></label>
          <div class="events" tabindex="0" role="region" aria-label="Events with their counts (scrolls)"><table id="event-counts"><thead><tr><th scope="col">Event</th><th scope="col" class="num">Count</th></tr></thead>
            <tbody>${events.map((e) => html`<tr><td>${e.event}</td><td class="num">${formatCount(e.count)}</td></tr>`)}</tbody></table></div>
        </section>
        <section class="card" aria-labelledby="rejections-title">
          <h3 id="rejections-title" class="top">Rejected rows (${formatCount(input.rejected)})</h3>
          ${input.rejections.length === 0 ? html`<p class="muted">Every row was used.</p>` : html`
            <p class="muted">The first ${input.rejections.length}, with where and why.</p>
            <div class="scroll" tabindex="0" role="region" aria-label="Table (scrolls)"><table id="rejections"><thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th>
              <th scope="col" class="num">Column</th><th scope="col">Reason</th></tr></thead>
              <tbody>${input.rejections.map((x) => html`<tr><td>${x.file}</td><td class="num">${x.line}</td>
                <td class="num">${x.column || 'row'}</td><td>${x.reason}</td></tr>`)}</tbody></table></div>`}
        </section>
      </div>

      ${this.preview ? html`<section class="card" aria-labelledby="preview-title">
        <h3 id="preview-title" class="top">First rows</h3>
        <p class="muted">The first ${this.preview.rows.length} of ${formatCount(this.preview.total)} events as the table holds
          them: user by user, each in time order (times in UTC).</p>
        <div class="scroll" tabindex="0" role="region" aria-label="Table (scrolls)"><table id="preview"><thead><tr>${this.preview.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
          <tbody>${this.preview.rows.map((row) => html`<tr>${row.map((v) => html`<td class="cell" title=${String(v)}>${v}</td>`)}</tr>`)}</tbody>
        </table></div></section>` : ''}`;
  }
}
customElements.define('fl-data-view', DataView);
