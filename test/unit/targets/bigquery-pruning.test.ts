/**
 * Partition pruning proven from ZetaSQL's resolved statements (src/zetasql/pruning.ts), not by matching text: in a
 * day-limited rebuild and in the lookback macros (and, for the list, a full refresh and update_event_data by ids), every scan of the original, exceptions, exclusions or a stage
 * table is bounded on event_created_at by constants on both sides. A scan that reads every partition on purpose
 * is named in ALL_PARTITIONS with its reason; an entry there that no longer happens fails too.
 */
import type { RunContext } from '../../../src/compiler/statements';
import type { Statement } from '../../../src/compiler/sql';
import { captureStatements, type ReplacedRows } from '../../../src/changes/capture';
import { compileOperation } from '../../../src/operations/compile-operation';
import { rebuildStatements } from '../../../src/rebuild/steps';
import type { Analyzer } from '../../../src/zetasql/analyzer';
import type { Catalog } from '../../../src/zetasql/catalog';
import { tableScans } from '../../../src/zetasql/pruning';
import { plan } from '../../helpers/bigquery-cases';
import { compiledContext, TARGET_YML } from '../../helpers/compile-context';
import { analyzerSuite, problems } from '../../helpers/zetasql';

const AS_OF = new Date('2026-11-23T00:00:00Z');
const suite = analyzerSuite(AS_OF);
let ctx: RunContext;
let analyzer: Analyzer;
let catalog: Catalog;
let watched: Set<string>;
/** The same project with vars.dedup_window_days: 7 (an event's copies lie within a week of each other). */
let windowed: RunContext;

beforeAll(() => {
  ({ ctx, analyzer, catalog } = suite);
  windowed = compiledContext(suite.projects.make({ yml: TARGET_YML.bigquery }), AS_OF, '{"dedup_window_days": 7}');
  const t = ctx.project.config.tables;
  watched = new Set([t.original, t.exceptions, t.exclusions, ...[...ctx.compiled.models.keys()].map((m) => `${t.stage_schema}.${m}`)].map((n) => n.toLowerCase()));
});

const COPIES_ANYWHERE = "the candidate ids' original copies outside the rebuilt days: with no vars.dedup_window_days an event's first copy may sit on any day (SPEC §3); read by event_name and id (clustered), and bounded once the window is set (the windowed cases)";
const ACTIONS_ANY_DAY = 'every action of a candidate id is ranked whatever its day (the latest action wins, SPEC §3): read by event_id, the side tables being clustered by event_name, event_id';
const TOUCHED = 'a targeted run: the ids with side-table rows written since the watermark (inserted_at), wherever those events lie';
const MOVED_ANYWHERE = 'the old rows of the rebuilt keys wherever they sat (an event moved from another day), compared for the change feed; bounded by vars.dedup_window_days when set (the windowed cases)';

const MOVED_KEYS = 'the old rows of the rebuilt keys wherever they sat (an event moved from another day), deleted by key (the stage table is clustered by it); bounded by vars.dedup_window_days when set (the windowed cases)';
const FULL = 'a full refresh rebuilds every day: every partition is read once';
const BY_IDS_ANY_DAY = "update_event_data by ids: the given ids' current rows, on whatever day they lie (the ids are filtered after the effective set is formed)";

/** Scans that read every partition on purpose, as `<case>: <statement's first words> reads <table> by <columns filtered>`, and why. */
const ALL_PARTITIONS: Record<string, string> = {
  'card_shipped full refresh: CREATE OR REPLACE reads kinesis.backend_events by event_name': FULL,
  'card_shipped full refresh: CREATE OR REPLACE reads s3.backend_events_exceptions': FULL,
  'card_shipped full refresh: CREATE OR REPLACE reads s3.backend_events_exclusions': FULL,
  'update_event_data by ids: INSERT INTO `s3`.`backend_events_exceptions` reads kinesis.backend_events by event_name': BY_IDS_ANY_DAY,
  'update_event_data by ids: INSERT INTO `s3`.`backend_events_exceptions` reads s3.backend_events_exceptions': BY_IDS_ANY_DAY,
  'update_event_data by ids: INSERT INTO `s3`.`backend_events_exceptions` reads s3.backend_events_exclusions': BY_IDS_ANY_DAY,
  'card_shipped by days: CREATE OR REPLACE reads kinesis.backend_events by event_created_at, event_id, event_name': COPIES_ANYWHERE,
  'card_shipped by days: CREATE OR REPLACE reads s3.backend_events_exceptions by event_id': ACTIONS_ANY_DAY,
  'card_shipped by days: CREATE OR REPLACE reads s3.backend_events_exclusions by event_id': ACTIONS_ANY_DAY,
  'card_shipped by days: DELETE FROM `stage`.`card_shipped` reads stage.card_shipped by event_id': MOVED_KEYS,
  'payment_completed by days and events: DELETE FROM `stage`.`payment_completed` reads stage.payment_completed by event_id': MOVED_KEYS,
  'card_shipped by days: INSERT INTO `backfill`.change_outbox reads stage.card_shipped by event_created_at, event_id': MOVED_ANYWHERE,
  'payment_completed by days and events: CREATE OR REPLACE reads kinesis.backend_events by event_created_at, event_id, event_name': COPIES_ANYWHERE,
  'payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exceptions by event_id': ACTIONS_ANY_DAY,
  'payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exclusions by event_id': ACTIONS_ANY_DAY,
  'payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exceptions by inserted_at': TOUCHED,
  'payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exclusions by inserted_at': TOUCHED,
  'payment_completed by days and events: DELETE FROM `stage`.`payment_completed` reads s3.backend_events_exceptions by inserted_at': TOUCHED,
  'payment_completed by days and events: DELETE FROM `stage`.`payment_completed` reads s3.backend_events_exclusions by inserted_at': TOUCHED,
  'payment_completed by days and events: INSERT INTO `backfill`.change_outbox reads s3.backend_events_exceptions by inserted_at': TOUCHED,
  'payment_completed by days and events: INSERT INTO `backfill`.change_outbox reads s3.backend_events_exclusions by inserted_at': TOUCHED,
  'payment_completed by days and events: INSERT INTO `backfill`.change_outbox reads stage.payment_completed by event_created_at, event_id': MOVED_ANYWHERE,
  'windowed card_shipped by days: CREATE OR REPLACE reads s3.backend_events_exceptions by event_id': ACTIONS_ANY_DAY,
  'windowed card_shipped by days: CREATE OR REPLACE reads s3.backend_events_exclusions by event_id': ACTIONS_ANY_DAY,
  'windowed payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exceptions by event_id': ACTIONS_ANY_DAY,
  'windowed payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exclusions by event_id': ACTIONS_ANY_DAY,
  'windowed payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exceptions by inserted_at': TOUCHED,
  'windowed payment_completed by days and events: CREATE OR REPLACE reads s3.backend_events_exclusions by inserted_at': TOUCHED,
  'windowed payment_completed by days and events: DELETE FROM `stage`.`payment_completed` reads s3.backend_events_exceptions by inserted_at': TOUCHED,
  'windowed payment_completed by days and events: DELETE FROM `stage`.`payment_completed` reads s3.backend_events_exclusions by inserted_at': TOUCHED,
  'windowed payment_completed by days and events: INSERT INTO `backfill`.change_outbox reads s3.backend_events_exceptions by inserted_at': TOUCHED,
  'windowed payment_completed by days and events: INSERT INTO `backfill`.change_outbox reads s3.backend_events_exclusions by inserted_at': TOUCHED,
  'remove_duplicates_by_event_id lookback: INSERT INTO `s3`.`backend_events_exceptions` reads kinesis.backend_events by event_created_at, event_id, event_name': COPIES_ANYWHERE,
  'remove_duplicates_by_event_id lookback: INSERT INTO `s3`.`backend_events_exceptions` reads s3.backend_events_exceptions by event_id': ACTIONS_ANY_DAY,
  'remove_duplicates_by_event_id lookback: INSERT INTO `s3`.`backend_events_exceptions` reads s3.backend_events_exclusions by event_id':
    `${ACTIONS_ANY_DAY}; and "not yet excluded": an id's exclusion may carry another copy's day`,
  'remove_duplicates_by_business_id lookback: INSERT INTO `s3`.`backend_events_exclusions` reads kinesis.backend_events by event_created_at, event_id, event_name': COPIES_ANYWHERE,
  'remove_duplicates_by_business_id lookback: INSERT INTO `s3`.`backend_events_exclusions` reads s3.backend_events_exceptions by event_id': ACTIONS_ANY_DAY,
  'remove_duplicates_by_business_id lookback: INSERT INTO `s3`.`backend_events_exclusions` reads s3.backend_events_exclusions by event_id': ACTIONS_ANY_DAY,
};

/** `<case>: <first words> reads <table>` for every scan of a watched table that is not bounded by constants. */
async function unpruned(name: string, statements: readonly Statement[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of statements) {
    const [result] = await analyzer.analyzeScript(s.sql, s.params, catalog);
    expect(problems([result!])).toEqual([]);
    const head = s.sql.split(/\s+/).slice(0, 3).join(' ');
    for (const scan of tableScans(result!.resolved, watched)) if (!scan.pruned) out.push(`${name}: ${head} reads ${scan.table}${scan.filteredOn.length ? ` by ${scan.filteredOn.join(', ')}` : ''}`);
  }
  return out;
}

function dayRebuild(model: string, byEvent: boolean, c = ctx): Statement[] {
  const p = { ...plan(c, model, 'days', byEvent), columns: catalog.table(['stage', model])!.map((col) => col.name) };
  const st = rebuildStatements(c, p, true);
  const capture = captureStatements(c, { sink: 'feed' }, { model: p.model, columns: p.columns, afterTable: st.written, replaced: st.replaced as ReplacedRows, operationId: 'op' });
  return [...st.prepare, ...st.build, ...st.swap, ...capture];
}

const CASES: Array<[string, () => readonly Statement[]]> = [
  ['card_shipped by days', () => dayRebuild('card_shipped', false)],
  ['payment_completed by days and events', () => dayRebuild('payment_completed', true)],
  ['windowed card_shipped by days', () => dayRebuild('card_shipped', false, windowed)],
  ['windowed payment_completed by days and events', () => dayRebuild('payment_completed', true, windowed)],
  ['card_shipped full refresh', () => rebuildStatements(ctx, plan(ctx, 'card_shipped', 'full')).build],
  ['update_event_data by ids', () => compileOperation(ctx, 'update_event_data', { stage_table_name: 'card_shipped', event_ids: ['a', 'b'], set: { '$.Status': 'Failed' }, description: 'x' }).statements],
  ['remove_duplicates_by_event_id lookback', () => compileOperation(ctx, 'remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 7 }).statements],
  ['remove_duplicates_by_business_id lookback', () => compileOperation(ctx, 'remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: '$.TransactionId', lookback_days: 7 }).statements],
];

it('every scan of a partitioned table in a day rebuild or a lookback macro is bounded by constants, but the named ones', async () => {
  const found: string[] = [];
  for (const [name, statements] of CASES) found.push(...(await unpruned(name, statements())));
  expect([...new Set(found)].sort()).toEqual(Object.keys(ALL_PARTITIONS).sort());
});

it('the walk tells bounded scans from unbounded ones, by the scanned column itself', async () => {
  const lo = "event_created_at >= TIMESTAMP '2026-11-01 00:00:00+00'";
  const hi = "event_created_at < TIMESTAMP '2026-11-02 00:00:00+00'";
  const cases: Array<[string, boolean[]]> = [
    [`SELECT event_id FROM kinesis.backend_events WHERE ${lo} AND ${hi}`, [true]],
    [`SELECT event_id FROM kinesis.backend_events WHERE ${lo}`, [false]],
    [`SELECT event_id FROM kinesis.backend_events WHERE (${lo} AND ${hi}) OR (event_created_at BETWEEN TIMESTAMP '2026-11-05' AND TIMESTAMP '2026-11-06')`, [true]],
    [`SELECT event_id FROM kinesis.backend_events WHERE (${lo} AND ${hi}) OR event_id = 'x'`, [false]],
    [`SELECT event_id FROM kinesis.backend_events WHERE ${lo} AND event_created_at < (SELECT MAX(event_created_at) FROM s3.backend_events_exclusions)`, [false, false]],
    [`DELETE FROM kinesis.backend_events WHERE event_id = 'x'`, [false]],
    [`DELETE FROM kinesis.backend_events WHERE event_id = 'x' AND ${lo} AND ${hi}`, [true]],
    [`MERGE kinesis.backend_events t USING s3.backend_events_exclusions s ON FALSE WHEN NOT MATCHED BY SOURCE AND t.${lo} AND t.${hi} THEN DELETE`, [true, false]],
    [`MERGE kinesis.backend_events t USING s3.backend_events_exclusions s ON FALSE WHEN NOT MATCHED BY SOURCE THEN DELETE`, [false, false]],
    [`INSERT INTO s3.backend_events_exclusions (event_id) SELECT event_id FROM kinesis.backend_events WHERE ${lo} AND ${hi}`, [true]],
    [`SELECT o.event_id FROM kinesis.backend_events o JOIN s3.backend_events_exceptions e USING (event_id) WHERE o.${lo} AND o.${hi}`, [true, false]],
  ];
  for (const [sql, expected] of cases) {
    const [result] = await analyzer.analyzeScript(sql, {}, catalog);
    expect(problems([result!])).toEqual([]);
    expect(tableScans(result!.resolved, watched).map((s) => s.pruned)).toEqual(expected);
  }
});
