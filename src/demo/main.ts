import fs from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import { loadProject } from '../config/load';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { compileProject } from '../compiler/project';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import { migrate } from '../ledger/migrations';
import { runModels } from '../rebuild/run';
import { runOperation } from '../operations/run-operation';
import { duckdbAdapter } from '../targets/duckdb/duckdb-adapter';
import { duckdbPath, duckdbTarget } from '../targets/duckdb/duckdb-config';
import { DuckdbDialect } from '../targets/duckdb/duckdb-dialect';
import { DuckdbDriver } from '../targets/duckdb/duckdb-driver';
import { withOpenWarehouse } from '../targets/registry';
import type { Warehouse } from '../targets/warehouse';
import { loadEvents, sampleEvents } from './sample-events';
import { ORIGINAL_STATS, STAGE_STATS } from './sql';

interface Stats {
  readonly rows: number;
  readonly repeatedKeys: number;
  readonly failed: number;
}

const MODELS = [
  { name: 'card_shipped', businessKey: 'card_id' },
  { name: 'payment_completed', businessKey: 'transaction_id' },
] as const;

async function stats(wh: Warehouse, ctx: RunContext): Promise<Record<string, Stats>> {
  const out: Record<string, Stats> = {};
  for (const m of MODELS) {
    const table = new Sql(ctx.compiled.env.dialect.quoteTable(`${ctx.project.config.tables.stage_schema}.${m.name}`));
    const r = (await wh.run(runnerStatement(ctx, STAGE_STATS, { stage_table: table, business_key: m.businessKey }))).rows[0]!;
    out[m.name] = { rows: Number(r['row_count']), repeatedKeys: Number(r['repeated_business_keys']), failed: Number(r['failed']) };
  }
  return out;
}

/** `npm run demo`: sample events → corrections → duplicates removed → stage tables rebuilt, before/after. */
async function demo(): Promise<void> {
  const project = loadProject({ projectDir: PACKAGE_ROOT, target: 'demo' });
  const target = duckdbTarget.safeParse(project.target);
  if (!target.success) throw new Error('the demo target must be a duckdb target');
  const file = duckdbPath(target.data, project.dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  const asOf = new Date();
  const ctx: RunContext = { project, compiled: compileProject(project, new DuckdbDialect(), duckdbAdapter), asOf };
  await withOpenWarehouse(
    () => DuckdbDriver.open(file),
    async (wh) => {
      await migrate(wh, ctx);
      const events = sampleEvents({ seed: 42, count: 4000, days: 30, asOf, duplicateRate: 0.03, businessDuplicateRate: 0.04 });
      await loadEvents(wh, ctx, events);
      const original = (await wh.run(runnerStatement(ctx, ORIGINAL_STATS, {}))).rows[0]!;
      console.log(`loaded ${original['row_count']} events into ${project.config.tables.original} (${original['duplicate_deliveries']} duplicate deliveries), as of ${asOf.toISOString().slice(0, 10)}`);

      await runModels(wh, ctx, { fullRefresh: true });
      const before = await stats(wh, ctx);

      const operations: Array<[string, Record<string, unknown>]> = [
        ['update_event_data', { stage_table_name: 'card_shipped', where: { '$.Carrier': 'DHL', '$.Status': 'Pending' }, set: { '$.Status': 'Failed' }, description: 'DHL lost the pending parcels (ticket OPS-1234)' }],
        ['remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 30 }],
        ['remove_duplicates_by_event_id', { stage_table_name: 'payment_completed', lookback_days: 30 }],
        ['remove_duplicates_by_business_id', { stage_table_name: 'payment_completed', business_key: 'event_external_reference_id', lookback_days: 30 }],
      ];
      for (const [macro, args] of operations) {
        const s = await runOperation(wh, ctx, macro, args);
        const rows = Object.entries(s.rows).map(([t, n]) => `${t} +${n}`).join(', ');
        console.log(`run-operation ${macro} (${String(args['stage_table_name'])}): ${rows}`);
      }
      const run = await runModels(wh, ctx, { fullRefresh: false });
      for (const m of run.models) console.log(`run ${m.stage_table}: ${m.mode === 'full' ? 'full rebuild' : `${m.days.length} days rebuilt (${m.reason})`}, ${m.rows} rows`);
      const after = await stats(wh, ctx);

      const table = new Table({ head: ['stage table', 'rows before', 'rows after', 'repeated business keys', 'status Failed'], style: { head: [], border: [] } });
      for (const m of MODELS) {
        const b = before[m.name]!;
        const a = after[m.name]!;
        table.push([m.name, b.rows, a.rows, `${b.repeatedKeys} → ${a.repeatedKeys}`, `${b.failed} → ${a.failed}`]);
      }
      console.log(table.toString());
      console.log(`warehouse: ${path.relative(process.cwd(), file)} — try: npx backfill --target demo compile run-operation update_event_data --args '{stage_table_name: card_shipped, event_ids: [x], set: {$.Status: Failed}, description: test}'`);
    },
  );
}

demo().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
