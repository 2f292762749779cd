/**
 * Issue 18: the statements `migrate` sends to adopt existing runbook tables, per target, offline (a fake warehouse
 * answers the column query with the runbook's columns). BigQuery: ADD COLUMN IF NOT EXISTS, then the default via
 * ALTER COLUMN … SET DEFAULT, each parsing as BigQuery.
 */
import { parse } from 'sql-parser-cst';
import type { Statement } from '../../../src/compiler/sql';
import { adoptionPlan } from '../../../src/ledger/adopt';
import type { QueryResult, Warehouse } from '../../../src/targets/warehouse';
import { compiledContext, TARGET_YML, TempProjects } from '../../helpers/compile-context';

const AS_OF = new Date('2026-11-23T00:00:00Z');
const projects = new TempProjects();
afterAll(() => projects.cleanup());

const RUNBOOK: Record<string, Array<[string, string]>> = {
  backend_events: [['event_id', 'STRING'], ['event_created_at', 'TIMESTAMP'], ['event_name', 'STRING'], ['user_id', 'STRING'], ['event_external_reference_id', 'STRING'], ['event_advisor_id', 'STRING'], ['event_data', 'JSON'], ['event_ingested_at', 'TIMESTAMP']],
  backend_events_exclusions: [['event_id', 'STRING'], ['event_created_at', 'TIMESTAMP'], ['event_name', 'STRING'], ['exclusion_added_timestamp', 'TIMESTAMP'], ['exclusion_description', 'STRING']],
};
RUNBOOK['backend_events_exceptions'] = [...RUNBOOK['backend_events']!, ['exception_added_timestamp', 'TIMESTAMP'], ['exception_description', 'STRING'], ['is_event_update', 'BOOL']];

/** A warehouse that answers only the column query, from `tables` (by table name), and records what it is sent. */
function fakeWarehouse(tables: Record<string, Array<[string, string]>>, sent: Statement[]): Warehouse {
  const run = async (s: Statement): Promise<QueryResult> => {
    sent.push(s);
    const name = Object.values(s.params).find((v) => typeof v === 'string' && v in tables) as string | undefined;
    const cols = name ? tables[name]! : [];
    return { rows: cols.map(([column_name, data_type]) => ({ column_name, data_type })), rowsChanged: 0 };
  };
  // Whether a table exists (asked first since issue 20: a missing BigQuery dataset has no INFORMATION_SCHEMA).
  const columns = async (table: string): Promise<string[] | null> => tables[table.split('.').pop()!]?.map(([c]) => c) ?? null;
  return { run, columns } as unknown as Warehouse;
}

test('BigQuery: the side tables get ADD COLUMN IF NOT EXISTS and SET DEFAULT, each parsing as BigQuery; only reads are sent', async () => {
  const ctx = compiledContext(projects.make({ yml: TARGET_YML.bigquery }), AS_OF);
  const sent: Statement[] = [];
  const plan = await adoptionPlan(fakeWarehouse(RUNBOOK, sent), ctx);
  expect(sent.every((s) => /^SELECT column_name, data_type\s/.test(s.sql.replace(/^\s+/, '')))).toBe(true);
  expect(plan.map((p) => [p.table, p.added])).toEqual([
    ['s3.backend_events_exceptions', ['operation_id', 'inserted_at', 'exception_seq']],
    ['s3.backend_events_exclusions', ['operation_id', 'inserted_at']],
  ]);
  expect(plan[1]!.statements.map((s) => s.sql)).toEqual([
    'ALTER TABLE `s3`.`backend_events_exclusions` ADD COLUMN IF NOT EXISTS `operation_id` STRING',
    'ALTER TABLE `s3`.`backend_events_exclusions` ADD COLUMN IF NOT EXISTS inserted_at TIMESTAMP',
    'ALTER TABLE `s3`.`backend_events_exclusions` ALTER COLUMN inserted_at SET DEFAULT CURRENT_TIMESTAMP()',
  ]);
  for (const s of plan.flatMap((p) => p.statements)) parse(s.sql, { dialect: 'bigquery', paramTypes: ['@name'] });
});

test('a table that lacks nothing is not altered; an original without a SPEC §2 column is refused, naming it', async () => {
  const ctx = compiledContext(projects.make({ yml: TARGET_YML.bigquery }), AS_OF);
  const full = { ...RUNBOOK, backend_events_exclusions: [...RUNBOOK['backend_events_exclusions']!, ['operation_id', 'STRING'], ['inserted_at', 'TIMESTAMP']] as Array<[string, string]> };
  expect((await adoptionPlan(fakeWarehouse(full, []), ctx)).map((p) => p.table)).toEqual(['s3.backend_events_exceptions']);
  const noAdvisor = { ...RUNBOOK, backend_events: RUNBOOK['backend_events']!.filter(([c]) => c !== 'event_advisor_id') };
  await expect(adoptionPlan(fakeWarehouse(noAdvisor, []), ctx)).rejects.toThrow(/^tables\.original: kinesis\.backend_events has no column event_advisor_id; backfill never alters the original table/);
});
