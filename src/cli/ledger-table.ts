import type { Row } from '../targets/warehouse';

/** Characters of an operation id the list shows (any unambiguous prefix is accepted back: show, revert, resume, repair). */
export const SHORT_ID = 8;

/** `backfill operations` as a table: a header row, then one line per entry (ids shortened, description and author). */
export function ledgerTable(rows: readonly Row[]): string[] {
  const cells = [['ID', 'STARTED (UTC)', 'STATUS', 'COMMAND', 'BY', 'ROWS', 'DESCRIPTION'], ...rows.map(ledgerCells)];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells.map((c) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd());
}

function ledgerCells(r: Row): string[] {
  const written = Object.entries((r['rows_written'] as Record<string, number> | null) ?? {}).map(([t, n]) => `${t} ${n >= 0 ? '+' : ''}${n}`).join(', ');
  const args = (r['args'] as Record<string, unknown> | null) ?? {};
  const description = typeof args['description'] === 'string' ? oneLine(args['description']) : '';
  return [
    String(r['operation_id']).slice(0, SHORT_ID),
    String(r['started_at']).slice(0, 19),
    String(r['status']),
    `${String(r['command'])}${r['macro'] ? ` ${String(r['macro'])}` : ''}`,
    r['run_by'] === null || r['run_by'] === undefined ? '' : String(r['run_by']),
    written,
    description,
  ];
}

/** A description on one line, at most 60 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
