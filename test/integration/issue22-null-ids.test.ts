/**
 * Issue 22: where only the ids delivered more than once are ranked (DuckDB, and PostgreSQL with an `=` test that it
 * can hash), rule 1 (SPEC §3) still holds for every id, NULL included: the NULL ids are one partition, as before, so
 * exactly one of them survives, the first copy; a repeated id keeps its first copy, a single one passes through.
 */
import { event, LOCAL_TARGETS, TestWarehouse } from '../helpers/project';

const AS_OF = new Date('2026-11-23T12:00:00Z');
const NULL_ID = null as unknown as string;

describe.each(LOCAL_TARGETS)('%s', (target) => {
  let t: TestWarehouse;
  beforeEach(async () => {
    t = await TestWarehouse.create(AS_OF, { target });
    const at = (iso: string, ingested: string, status: string, id: string) =>
      event({ event_id: id, event_created_at: iso, event_ingested_at: new Date(ingested), event_data: { Status: status, Carrier: 'DHL' } });
    await t.load([
      at('2026-11-22T10:00:00Z', '2026-11-22T10:05:00Z', 'null-late', NULL_ID),
      at('2026-11-22T09:00:00Z', '2026-11-22T09:01:00Z', 'null-first', NULL_ID),
      at('2026-11-22T11:00:00Z', '2026-11-22T11:09:00Z', 'r-late', 'r'),
      at('2026-11-22T11:00:00Z', '2026-11-22T11:01:00Z', 'r-first', 'r'),
      at('2026-11-22T12:00:00Z', '2026-11-22T12:01:00Z', 's-only', 's'),
    ]);
  });
  afterEach(() => t.close());

  it.each([true, false])('full refresh %s: one row per id, the first copy, one NULL id', async (fullRefresh) => {
    if (!fullRefresh) await t.run({ fullRefresh: true });
    await t.run({ fullRefresh });
    const rows = (await t.stage('card_shipped')).map((r) => `${String(r['event_id'])}:${String(r['status'])}`).sort();
    expect(rows).toEqual(['null:null-first', 'r:r-first', 's:s-only']);
  });
});
