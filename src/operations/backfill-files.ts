import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from '../config/load';
import { zodMessage } from '../config/zod-message';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import { appliedChecksums, refuseChanged } from '../ledger/applied-once';
import type { Warehouse } from '../targets/warehouse';
import { runOperation, type OperationSummary } from './run-operation';
import { NothingMatchedError } from './unmatched-ids';
import { compileOperation } from './compile-operation';
import { requireMigrated } from '../ledger/migrations';
import { APPLIED_BACKFILLS_LIST, APPLIED_BACKFILLS_RECORD } from './sql';

/** A backfill reviewed as a file: `backfills/<name>.yml`. */
const backfillFile = z.strictObject({
  macro: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  description: z.string().min(1, 'say why, for the reviewers and the ledger'),
  author: z.string().min(1),
});

export interface BackfillFile {
  readonly name: string;
  readonly file: string;
  readonly checksum: string;
  readonly macro: string;
  readonly args: Record<string, unknown>;
  readonly description: string;
  readonly author: string;
}

/** The backfill files named (or all of `backfills/`), validated, in name order. */
export function loadBackfillFiles(ctx: RunContext, paths: readonly string[] = []): BackfillFile[] {
  const dir = path.join(ctx.project.dir, 'backfills');
  const files = paths.length > 0 ? paths.map((p) => path.resolve(p)) : fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)) : [];
  const loaded = files.map((file) => {
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such backfill file`);
    const text = fs.readFileSync(file, 'utf8');
    const parsed = backfillFile.safeParse(parseYaml(text, path.basename(file)));
    if (!parsed.success) throw new UsageError(zodMessage(parsed.error, path.basename(file)));
    const name = path.basename(file).replace(/\.ya?ml$/, '');
    const macro = ctx.compiled.macros.get(parsed.data.macro);
    // The file's description fills the macro's own description argument when the args do not give one.
    const args = macro?.header.args['description'] && parsed.data.args['description'] === undefined ? { ...parsed.data.args, description: parsed.data.description } : parsed.data.args;
    return { name, file, checksum: crypto.createHash('sha256').update(text).digest('hex'), ...parsed.data, args };
  });
  return loaded.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The names of the files applied already (checked first: every file's arguments valid, and no applied file changed
 * since; else refused before anything runs).
 */
export async function appliedBackfills(wh: Warehouse, ctx: RunContext, files: readonly BackfillFile[]): Promise<ReadonlySet<string>> {
  for (const f of files) compileOperation(ctx, f.macro, f.args); // every file's arguments are valid before any runs
  await requireMigrated(wh, ctx);
  const applied = appliedChecksums((await wh.run(runnerStatement(ctx, APPLIED_BACKFILLS_LIST, {}))).rows, 'backfill_name');
  refuseChanged(applied, files, (f) => f.name, (f) => `backfill ${f.name} was applied and its file has changed since (checksum differs); restore ${f.file} and put the new correction in a new file`);
  return new Set(applied.keys());
}

export interface ApplyOutcome {
  readonly name: string;
  readonly status: 'applied' | 'already applied';
  readonly summary?: OperationSummary;
}

/**
 * Runs every backfill file not applied yet, in name order, each as one operation recorded with the file's
 * checksum in the same transaction. An applied file whose content changed is refused before anything runs.
 */
export async function applyBackfills(wh: Warehouse, ctx: RunContext, files: readonly BackfillFile[], onApplied?: (o: ApplyOutcome) => void): Promise<ApplyOutcome[]> {
  const applied = await appliedBackfills(wh, ctx, files);
  const outcomes: ApplyOutcome[] = [];
  for (const f of files) {
    if (applied.has(f.name)) {
      outcomes.push({ name: f.name, status: 'already applied' });
      continue;
    }
    const summary = await runOperation(wh, ctx, f.macro, f.args, {
      command: 'apply',
      alsoInTransaction: (operationId) => [runnerStatement(ctx, APPLIED_BACKFILLS_RECORD, { backfill_name: f.name, checksum: f.checksum, operation_id: operationId, applied_at: new Date() })],
    }).catch((err: unknown) => {
      // Which file it was (the file stays unapplied: nothing of it was written).
      throw err instanceof NothingMatchedError ? err.within(`backfill ${f.name}`) : err;
    });
    const outcome: ApplyOutcome = { name: f.name, status: 'applied', summary };
    outcomes.push(outcome);
    onApplied?.(outcome);
  }
  return outcomes;
}
