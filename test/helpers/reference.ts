import type { Row } from '../../src/targets/warehouse';
import type { TestWarehouse } from './project';

/**
 * SPEC §3 written a second time, in plain TypeScript over the rows of the three tables: the effective event per
 * id. Tests compare the SQL implementation's stage tables against it.
 */
export async function referenceEffective(t: TestWarehouse, eventName: string): Promise<Map<string, Row>> {
  const cols = `event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, ${t.jsonText('event_data')} AS event_data, event_ingested_at`;
  const original = await t.query(`SELECT ${cols} FROM kinesis.backend_events`);
  const exceptions = await t.query(`SELECT ${cols}, exception_added_timestamp AS added_at, inserted_at, COALESCE(exception_seq, 0) AS seq FROM s3.backend_events_exceptions`);
  const exclusions = await t.query(`SELECT event_id, exclusion_added_timestamp AS added_at, inserted_at FROM s3.backend_events_exclusions`);

  type Action = { row: Row | null; at: string; rank: number; written: string; seq: number; text: string };
  const actions = new Map<string, Action>();
  const better = (a: Action, b: Action): boolean =>
    a.at !== b.at ? a.at > b.at : a.rank !== b.rank ? a.rank > b.rank : a.written !== b.written ? a.written > b.written : a.seq !== b.seq ? a.seq > b.seq : a.text > b.text;
  const consider = (id: string, a: Action): void => {
    const cur = actions.get(id);
    if (!cur || better(a, cur)) actions.set(id, a);
  };
  for (const e of exceptions) consider(String(e['event_id']), { row: e, at: String(e['added_at']), rank: 1, written: String(e['inserted_at']), seq: Number(e['seq']), text: String(e['event_data']) });
  for (const x of exclusions) consider(String(x['event_id']), { row: null, at: String(x['added_at']), rank: 0, written: String(x['inserted_at']), seq: 0, text: '' });

  const firstCopy = new Map<string, Row>();
  const key = (r: Row): string[] => [String(r['event_ingested_at'] ?? '9999'), String(r['event_created_at']), canonicalJson(r['event_data'])];
  const before = (a: Row, b: Row): boolean => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]!;
    return false;
  };
  for (const o of original) {
    if (o['event_name'] !== eventName) continue;
    const id = String(o['event_id']);
    const cur = firstCopy.get(id);
    if (!cur || before(o, cur)) firstCopy.set(id, o);
  }

  const result = new Map<string, Row>();
  for (const [id, row] of firstCopy) if (!actions.has(id)) result.set(id, row);
  for (const [id, a] of actions) if (a.row && a.row['event_name'] === eventName) result.set(id, a.row);
  return result;
}

/** `{event_id: [event_created_at, status]}` of a stage table with a status column, for comparison. */
export function stageSummary(rows: readonly Row[]): Record<string, [unknown, unknown]> {
  return Object.fromEntries(rows.map((r) => [String(r['event_id']), [r['event_created_at'], r['status']]]));
}

export function referenceSummary(eff: Map<string, Row>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [id, r] of [...eff.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const data = r['event_data'] === null ? null : (JSON.parse(String(r['event_data'])) as Record<string, unknown>);
    out[id] = [r['event_created_at'], data && typeof data['Status'] === 'string' ? data['Status'] : null];
  }
  return out;
}

/**
 * Rule 1's payload text: keys sorted at every depth, no whitespace (what canonical_json computes; DuckDB's sorts two
 * levels deep, which the tests' payloads do not exceed).
 */
export function canonicalJson(text: unknown): string {
  if (text === null || text === undefined) return '';
  // Written by hand: a JavaScript object would put integer-like keys first, whatever order they were given in.
  const write = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(write).join(',')}]`
      : v !== null && typeof v === 'object'
        ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${write((v as Record<string, unknown>)[k])}`).join(',')}}`
        : JSON.stringify(v);
  return write(JSON.parse(String(text)));
}
