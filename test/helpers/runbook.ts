/**
 * Issue 18 item 3: a project as the team has it (one model named card_was_shipped_event), on DuckDB or PostgreSQL,
 * driven through the real binary. Its warehouse is opened in this process only between spawns (DuckDB locks its
 * file per process).
 */
import { loadEvents, type EventRow } from '../../src/demo/sample-events';
import { openWarehouse } from '../../src/targets/registry';
import type { Row } from '../../src/targets/warehouse';
import { cli, removeDir, type CliResult } from './cli';
import { contextFor, event, freshPgDatabase, makeProjectDir } from './project';

export const MODEL = 'card_was_shipped_event';
const MODEL_SQL = `{{config event_name="CardWasShipped"}}
select event_id, event_created_at, {{json_value "event_data" "$.Status"}} as status, {{json_value "event_data" "$.Carrier"}} as carrier
from {{events}}
`;

const DAY = 86_400_000;
/** Midnight UTC `n` days before today (the commands run without --as-of, as the runbook writes them). */
export const daysAgo = (n: number, hhmm = '00:00'): Date => {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(today - n * DAY + (h! * 60 + m!) * 60_000);
};
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
/** The UTC day of a timestamp as a driver returns it (PostgreSQL: a Date; DuckDB: `YYYY-MM-DD HH:MM:SS` in UTC). */
const dayOf = (v: unknown): string => (v instanceof Date ? isoDate(v) : String(v).slice(0, 10));

/** The events: e1 delivered twice (its first copy says DHL), e2 and x1 yesterday, e3 two days ago, old1/old2 long ago. */
export function runbookEvents(): EventRow[] {
  const e1 = daysAgo(1, '10:00');
  return [
    event({ event_id: 'e1', event_created_at: e1, event_ingested_at: new Date(e1.getTime() + 1000) }),
    event({ event_id: 'e1', event_created_at: e1, event_ingested_at: new Date(e1.getTime() + 540_000), event_data: { Status: 'Shipped', Carrier: 'UPS' } }),
    event({ event_id: 'e2', event_created_at: daysAgo(1, '11:00') }),
    event({ event_id: 'x1', event_created_at: daysAgo(1, '12:00') }),
    event({ event_id: 'e3', event_created_at: daysAgo(2, '09:00'), event_data: { Status: 'Pending', Carrier: 'UPS' } }),
    event({ event_id: 'old1', event_created_at: daysAgo(30, '08:00'), event_data: { Status: 'Pending', Carrier: 'GLS' } }),
    // Delivered twice 20 days ago: outside remove_duplicates_by_event_id's default lookback (14 days).
    event({ event_id: 'old2', event_created_at: daysAgo(20, '07:00'), event_data: { Status: 'Shipped', Carrier: 'GLS' } }),
    event({ event_id: 'old2', event_created_at: daysAgo(20, '07:00'), event_ingested_at: daysAgo(20, '08:00'), event_data: { Status: 'Shipped', Carrier: 'DPD' } }),
  ];
}

export interface RunbookProject {
  readonly kind: 'duckdb' | 'postgres';
  readonly dir: string;
  cli(args: readonly string[]): CliResult;
  q(sql: string): Promise<Row[]>;
  /** The stage table as [event_id, day, status, carrier] rows, ordered by event_id. */
  stage(): Promise<string[][]>;
  close(): Promise<void>;
}

/** A migrated project (`backfill migrate --create-original` created the tables) holding `runbookEvents()`. */
export async function runbookProject(kind: 'duckdb' | 'postgres'): Promise<RunbookProject> {
  const [pgUrlEnv, drop] = kind === 'postgres' ? await freshPgDatabase() : [undefined, async () => undefined];
  const dir = makeProjectDir({ models: { [MODEL]: MODEL_SQL }, pgUrlEnv });
  const ctx = contextFor(dir, new Date());
  const withWh = async <T>(fn: (wh: Awaited<ReturnType<typeof openWarehouse>>) => Promise<T>): Promise<T> => {
    const wh = await openWarehouse(ctx.project, 'runbook test');
    try {
      return await fn(wh);
    } finally {
      await wh.close();
    }
  };
  const p: RunbookProject = {
    kind,
    dir,
    cli: (args) => cli(dir, args),
    q: (sql) => withWh(async (wh) => [...(await wh.run({ sql, params: {} })).rows]),
    stage: async () => {
      const rows = await p.q(`SELECT event_id, event_created_at, status, carrier FROM stage.${MODEL}`);
      return rows
        .map((r) => [String(r['event_id']), dayOf(r['event_created_at']), String(r['status']), String(r['carrier'])])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    },
    close: async () => {
      removeDir(dir);
      await drop();
    },
  };
  const m = p.cli(['migrate', '--create-original']);
  if (m.status !== 0) throw new Error(`migrate failed: ${m.stderr}`);
  await withWh((wh) => loadEvents(wh, ctx, runbookEvents()));
  return p;
}
