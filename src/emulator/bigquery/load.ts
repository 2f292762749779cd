import { BigqueryError } from './evaluator';
import type { Store, TableColumn } from './store';
import { paramType, toValue, type JsonObject } from './values';

const obj = (v: unknown): JsonObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});

/**
 * A multipart load job (part 1 the Job JSON, part 2 NDJSON rows) appended to its destination table, created from
 * the job's schema when missing (CREATE_IF_NEEDED); WRITE_TRUNCATE replaces the rows. Columns absent from a row are NULL.
 */
export function load(store: Store, contentType: string, raw: string): { configuration: JsonObject; jobReference: JsonObject } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1] ?? '';
  const parts = raw.split(`--${boundary}`).map((p) => p.replace(/^\r?\n/, '')).filter((p) => p.trim() !== '' && !p.startsWith('--'));
  const bodyOf = (part: string): string => part.slice(part.search(/\r?\n\r?\n/)).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
  const meta = obj(JSON.parse(bodyOf(parts[0] ?? '{}')));
  const configuration = obj(meta['configuration']);
  const spec = obj(configuration['load']);
  if (spec['sourceFormat'] !== 'NEWLINE_DELIMITED_JSON') throw new BigqueryError(400, 'invalid', 'the BigQuery emulator loads NEWLINE_DELIMITED_JSON only');
  const dest = obj(spec['destinationTable']);
  const dataset = store.dataset(String(dest['datasetId']));
  if (!dataset) throw new BigqueryError(404, 'notFound', `Not found: Dataset ${store.project}:${String(dest['datasetId'])}`);
  const fields = ((obj(spec['schema'])['fields'] ?? []) as JsonObject[]).map((f) => ({ name: String(f['name']), type: paramType({ type: String(f['type']) }) }));
  const ref = { dataset: dataset.name, table: String(dest['tableId']) };
  const temps = new Map();
  let table = store.get(ref, temps);
  if (!table) {
    table = { name: ref.table, columns: fields as TableColumn[], rows: [], partitionBy: null };
    store.put(ref, table, temps);
  }
  const columns = table.columns;
  const lines = bodyOf(parts[1] ?? '').split('\n').filter((l) => l.trim() !== '');
  const rows = lines.map((line) => {
    const record = obj(JSON.parse(line));
    const byName = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
    return { key: store.newKey(), cells: columns.map((c) => toValue(byName.get(c.name.toLowerCase()) ?? null, c.type)) };
  });
  table.rows = spec['writeDisposition'] === 'WRITE_TRUNCATE' ? rows : [...table.rows, ...rows];
  return { configuration, jobReference: obj(meta['jobReference']) };
}
