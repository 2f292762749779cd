/**
 * `backfill compile run`: the statements `backfill run` sends for a model, written out for review without connecting.
 * The sequence is the runner's own (rebuild/steps.ts builds the statements, rebuild/sequence.ts orders them); only
 * the values a run reads or draws at run time are placeholders, named in each file's header.
 */
import path from 'node:path';
import { addDays, dayStart, isoDay } from '../compiler/days';
import type { ModelDef } from '../compiler/project';
import type { RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import { writeFileSafely } from '../fs/safe-write';
import { ledgerFinishStatement, ledgerStartStatement, type Starter } from '../ledger/ledger';
import { modelColumns } from '../rebuild/model-columns';
import { modelSql } from '../rebuild/model-sql';
import type { ModelPlan } from '../rebuild/plan-days';
import { runArgs, selectModels } from '../rebuild/run';
import { rebuildSequence, watermarkStatements, type RebuildStep } from '../rebuild/sequence';
import { rebuildStatements } from '../rebuild/steps';
import { compiledDir, formatScript, PLACEHOLDER_ID } from './compiled-files';

/** What to compile: the models, and the days (null: a full refresh); `at` is every time the run would record. */
export interface CompileRunOptions {
  readonly select: readonly string[] | undefined;
  readonly days: readonly string[] | null;
  readonly at: Date;
}

/** The most days one --days may span (ten years). */
const MAX_DAYS = 3660;
/** Where the columns cannot be read from the model's SELECT list: a name that says what the run puts there. */
const UNKNOWN_COLUMNS = 'columns_of_the_stage_table';

/** `--days FROM..TO` (or one day) as the list of days, inclusive; bad text is a usage error naming the fix. */
export function parseDays(text: string): string[] {
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text.trim());
  const valid = (d: string | undefined): d is string => d !== undefined && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && isoDay(new Date(`${d}T00:00:00Z`)) === d;
  const from = m?.[1];
  const to = m?.[2] ?? from;
  if (!valid(from) || !valid(to) || to < from) {
    throw new UsageError(`--days: '${text}' is not FROM..TO (two days YYYY-MM-DD, FROM not after TO); e.g. --days 2026-11-20..2026-11-23`);
  }
  const days: string[] = [];
  for (let d = dayStart(new Date(`${from}T00:00:00Z`)); isoDay(d) <= to; d = addDays(d, 1)) {
    days.push(isoDay(d));
    if (days.length > MAX_DAYS) throw new UsageError(`--days: '${text}' spans more than ${MAX_DAYS} days; use --full-refresh`);
  }
  return days;
}

/** Writes target/compiled/<target>/run/<model>.sql for each selected model; returns the files (project-relative). */
export function compileRun(ctx: RunContext, opts: CompileRunOptions): string[] {
  const models = selectModels(ctx, opts.select);
  return models.map((model) => {
    const file = path.join(compiledDir(ctx), 'run', `${model.name}.sql`);
    writeFileSafely(file, runScript(ctx, model, models, opts), ctx.project.dir);
    return path.relative(ctx.project.dir, file);
  });
}

/** The plan a run would make for these days (whole days replaced) or for a full refresh, from no warehouse. */
function offlinePlan(ctx: RunContext, model: ModelDef, days: readonly string[] | null): { plan: ModelPlan; columnsKnown: boolean } {
  const stageTable = `${ctx.project.config.tables.stage_schema}.${model.name}`;
  const full = days === null || model.config.materialized === 'table';
  const read = modelColumns(modelSql(ctx, model, null, { probe: true }), ctx.compiled.env.dialect.backslashEscapes);
  const base = { model, stageTable, highWater: null, watermark: null, touchedDays: [], eventDays: [], touched: null, columns: read ?? [UNKNOWN_COLUMNS] };
  const plan: ModelPlan = full
    ? { ...base, mode: 'full', reason: days === null ? '--full-refresh' : 'materialized: table', days: [], windowDays: [] }
    : { ...base, mode: 'days', reason: `--days ${days[0]}..${days[days.length - 1]}`, days, windowDays: days };
  return { plan, columnsKnown: read !== null };
}

/** One model's file: the header, then the run's statements in the order and transactions the runner sends them. */
function runScript(ctx: RunContext, model: ModelDef, models: readonly ModelDef[], opts: CompileRunOptions): string {
  const { plan, columnsKnown } = offlinePlan(ctx, model, opts.days);
  const adapter = ctx.compiled.env.adapter;
  // A full refresh over a non-empty stage table, as the run decides once it has counted the rows there.
  const viaNext = plan.mode === 'full' && !adapter.transactionalDdl;
  const st = rebuildStatements(ctx, plan, false, viaNext);
  const seq = rebuildSequence(ctx, plan, st, { transactionalDdl: adapter.transactionalDdl, feed: false });
  const who: Starter = { run_by: 'user@host', started_at: opts.at, git_commit: null, host: 'host', pid: 0, process_started: null };
  const entry = { operationId: PLACEHOLDER_ID, command: 'run', macro: null, args: { ...runArgs(ctx, models, { fullRefresh: opts.days === null }), as_of: opts.at.toISOString() }, statements: [] };
  const parts: string[] = [header(ctx, plan, opts, columnsKnown)];
  parts.push(`-- ledger: the run's entry, once per run before its first model\n${formatScript([ledgerStartStatement(ctx, entry, who)])}`);
  seq.phases.forEach((phase, i) => {
    const body = phase.steps.map((step) => stepText(ctx, plan, step, opts.at)).filter((t) => t !== '').join('\n');
    parts.push(phase.transaction ? `-- ==== phase ${i + 1}: one transaction (the driver's BEGIN … COMMIT around these) ====\n${body}\n-- ==== COMMIT ====\n` : `-- ==== phase ${i + 1}: outside a transaction ====\n${body}`);
  });
  if (seq.cleanup.length > 0) parts.push(`-- cleanup: always, outside a transaction, failures ignored\n${formatScript(seq.cleanup)}`);
  const rows = { [plan.stageTable]: 0 };
  parts.push(`-- ledger: the run's entry finished, after its last model (rows as counted; 0 here)\n${formatScript([ledgerFinishStatement(ctx, PLACEHOLDER_ID, 'succeeded', rows, null, opts.at)])}`);
  return parts.join('\n');
}

function header(ctx: RunContext, plan: ModelPlan, opts: CompileRunOptions, columnsKnown: boolean): string {
  const what = plan.mode === 'days' ? `days ${plan.days[0]}..${plan.days[plan.days.length - 1]} replaced whole` : `a full rebuild (${plan.reason})`;
  const lines = [
    `backfill run, compiled for review: the statements \`backfill run\` sends for ${plan.model.name} (target ${ctx.project.targetName}, ${ctx.project.target.type}): ${what}`,
    plan.mode === 'days'
      ? 'days: as given by --days (a run rebuilds its window plus the days touched since the watermark; those are read when it plans)'
      : ctx.compiled.env.adapter.transactionalDdl
        ? 'full refresh: the stage table replaced in the same transaction as the watermark'
        : 'full refresh over a non-empty stage table: built into a table of its own, counted, then copied over the stage table',
    `placeholders: operation id ${PLACEHOLDER_ID}, every recorded time ${opts.at.toISOString()} (--as-of, else the epoch), who/host/pid, watermark NULL (the run writes the side tables' high-water mark it read when planning)`,
    'not shown: the planning reads (stage columns, open writes, watermark state, touched days), the model lock, the empty-result checks before the rebuild',
    columnsKnown
      ? `columns: ${plan.columns!.join(', ')} (read from the model's SELECT list; the run reads the stage table's)`
      : `columns: not readable from the model's SELECT list: '${UNKNOWN_COLUMNS}' stands for the stage table's, which the run reads`,
  ];
  if (plan.mode === 'full' && ctx.project.vars.batch_days !== null && plan.model.config.materialized === 'incremental') {
    lines.push(`vars.batch_days is ${ctx.project.vars.batch_days}: the run does this full refresh in day batches instead (src/rebuild/batches.ts), not shown here`);
  }
  return `${lines.map((l) => `-- ${l}`).join('\n')}\n`;
}

/** One step as text: what the runner does with it, then its statements. */
function stepText(ctx: RunContext, plan: ModelPlan, step: RebuildStep, at: Date): string {
  const cols = (plan.columns ?? []).join(', ');
  switch (step.kind) {
    case 'send':
      return step.statements.length === 0 ? '' : formatScript(step.statements);
    case 'work-columns':
      return `-- column check: the columns of ${step.table} (the driver's catalog query) must be the stage table's (${cols}), else the model fails: rebuild it with --full-refresh\n`;
    case 'probe':
      return `-- column check: this statement's result columns must be the stage table's (${cols})\n${formatScript([step.statement])}`;
    case 'count':
      return `-- count: the new rows (the rows written; none over a non-empty stage table is refused, without --allow-empty)\n${formatScript([step.statement])}`;
    case 'capture':
      return '';
    case 'swap':
      if (step.statements.length === 0) return '';
      return plan.mode === 'days'
        ? `-- swap: the rebuilt days replaced by the new rows, and older copies of their keys deleted\n${formatScript(step.statements)}`
        : `-- swap: the new table copied over the stage table (one atomic statement)\n${formatScript(step.statements)}`;
    case 'watermark':
      return `-- watermark: the model's, moved to what this rebuild applied\n${formatScript(watermarkStatements(ctx, plan.model, plan.watermark, PLACEHOLDER_ID, at))}`;
  }
}
