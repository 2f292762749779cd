/**
 * The change outbox: rebuilds write what they changed into `change_outbox` in their own transaction (computed in
 * the warehouse); delivery reads it back page by page, sends each page, then marks it delivered. A sink that is
 * paused or failing keeps its changes until `backfill changes resume`.
 */
import { runnerStatement, runnerStatements, type RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';
import type { ModelDef } from '../compiler/project';
import { firstLine, UsageError } from '../errors';
import { withLocks } from '../ledger/recorded-operation';
import type { Warehouse } from '../targets/warehouse';
import { captureStatements, wholeTableReplaced, type ChangeCapture } from './capture';
import type { Change } from './change';
import type { Sink } from './sinks';
import { CHANGES_MARK, CHANGES_PAGE, CHANGES_PENDING, SINKS_LIST, SINK_SET } from './sql';

export type SinkStatus = 'active' | 'paused' | 'error';

const PAGE = 1000;

export interface SinkRow {
  readonly sink: string;
  readonly spec: string;
  readonly status: SinkStatus;
  readonly error: string | null;
  readonly updated_at: string;
  readonly pending: number;
  readonly delivered: number;
}

export async function listSinks(wh: Warehouse, ctx: RunContext, sink?: string): Promise<SinkRow[]> {
  const rows = (await wh.run(runnerStatement(ctx, SINKS_LIST, { sink: sink ?? null }))).rows;
  return rows.map((r) => ({
    sink: String(r['sink']),
    spec: String(r['spec']),
    status: String(r['status']) as SinkStatus,
    error: r['error'] === null || r['error'] === undefined ? null : String(r['error']),
    updated_at: String(r['updated_at']),
    pending: Number(r['pending'] ?? 0),
    delivered: Number(r['delivered'] ?? 0),
  }));
}

export async function setSinkStatus(wh: Warehouse, ctx: RunContext, sink: Pick<Sink, 'name' | 'spec'>, status: SinkStatus, error: string | null = null): Promise<void> {
  await wh.transaction(async () => {
    for (const s of runnerStatements(ctx, SINK_SET, { sink: sink.name, spec: sink.spec, status, error, updated_at: new Date() })) await wh.run(s);
  });
}

/** Registers the sink on first use (active); returns its status. */
export async function ensureSink(wh: Warehouse, ctx: RunContext, sink: Sink): Promise<SinkStatus> {
  const [row] = await listSinks(wh, ctx, sink.name);
  if (row) return row.status;
  await setSinkStatus(wh, ctx, sink, 'active');
  return 'active';
}

export interface Delivery {
  readonly sink: string;
  readonly status: SinkStatus;
  readonly delivered: number;
  readonly pending: number;
  readonly error: string | null;
}

/**
 * Sends a sink's undelivered changes, oldest rebuild first, in pages by key. A failure marks the sink `error`
 * with the reason and keeps what was not delivered; a paused sink is left alone.
 */
export async function deliver(wh: Warehouse, ctx: RunContext, sink: Sink, stdout: (text: string) => void): Promise<Delivery> {
  const status = await ensureSink(wh, ctx, sink);
  const pendingNow = async (): Promise<number> => (await listSinks(wh, ctx, sink.name))[0]?.pending ?? 0;
  if (status === 'paused') return { sink: sink.name, status, delivered: 0, pending: await pendingNow(), error: null };
  const sender = sink.open(stdout);
  let delivered = 0;
  try {
    const groups = (await wh.run(runnerStatement(ctx, CHANGES_PENDING, { sink: sink.name }))).rows;
    for (const g of groups) {
      const group = { sink: sink.name, ts: Number(g['ts']), doc_type: String(g['doc_type']) };
      let after: string | null = null;
      for (;;) {
        const rows = (await wh.run(runnerStatement(ctx, CHANGES_PAGE, { ...group, after, limit: PAGE }))).rows;
        if (rows.length === 0) break;
        const changes: Change[] = rows.map((r) => ({
          ts: group.ts,
          doc_type: group.doc_type,
          doc_id: String(r['doc_id']),
          op: String(r['op']) as Change['op'],
          value: JSON.parse(String(r['value'])) as Record<string, unknown>,
        }));
        await sender.send(changes);
        const last = changes[changes.length - 1]!.doc_id;
        await wh.run(runnerStatement(ctx, CHANGES_MARK, { ...group, after, last, delivered_at: new Date() }));
        delivered += changes.length;
        after = last;
        if (rows.length < PAGE) break;
      }
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const reason = firstLine(err);
    await setSinkStatus(wh, ctx, sink, 'error', reason);
    return { sink: sink.name, status: 'error', delivered, pending: await pendingNow(), error: reason };
  } finally {
    await sender.close().catch(() => undefined);
  }
  if (status === 'error') await setSinkStatus(wh, ctx, sink, 'active');
  return { sink: sink.name, status: 'active', delivered, pending: await pendingNow(), error: null };
}

/** Every current row of the stage tables as UPDATEs into the sink's outbox (a new consumer's starting point). */
export async function initialSync(wh: Warehouse, ctx: RunContext, sink: Sink, models: readonly ModelDef[], operationId: string): Promise<Record<string, number>> {
  await ensureSink(wh, ctx, sink);
  const capture = { sink: sink.name };
  const counts: Record<string, number> = {};
  // Under the models' locks, as every capture: the warehouse-assigned ts of a model's groups then follows write order.
  await withLocks(wh, ctx, models.map((m) => `model:${m.name}`), () => syncLocked(wh, ctx, capture, models, operationId, counts));
  return counts;
}

async function syncLocked(wh: Warehouse, ctx: RunContext, capture: ChangeCapture, models: readonly ModelDef[], operationId: string, counts: Record<string, number>): Promise<void> {
  await wh.transaction(async () => {
    for (const model of models) {
      const stageTable = `${ctx.project.config.tables.stage_schema}.${model.name}`;
      const columns = await wh.columns(stageTable);
      if (columns === null) throw new UsageError(`${stageTable} does not exist yet; run 'backfill run --select ${model.name}' first`);
      const stage = new Sql(ctx.compiled.env.dialect.quoteTable(stageTable));
      const replaced = wholeTableReplaced(null, columns, stage, stage);
      counts[model.name] = 0;
      for (const s of captureStatements(ctx, capture, { model, columns, afterTable: stage, replaced, operationId })) counts[model.name] += (await wh.run(s)).rowsChanged;
    }
  });
}
