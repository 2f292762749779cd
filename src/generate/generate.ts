import fs from 'node:fs';
import path from 'node:path';
import { addDays, dayStart } from '../compiler/days';
import { runnerStatement, type RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import { writeFileSafely } from '../fs/safe-write';
import type { Warehouse } from '../targets/warehouse';
import { inferModels, modelText, type InferredModel } from './infer-model';
import { SAMPLE_DAYS } from './sample-days';
import { SAMPLE_EVENTS } from './sql';


/** What `generate models` samples. */
export interface SampleOptions {
  /** Only these event names; all names found when empty. */
  readonly eventNames: readonly string[];
  /** Rows per event name. */
  readonly limit: number;
}

/** A payload as the warehouse returns it (JSON text, or an object already) parsed; a payload that is not JSON is skipped. */
function parsePayload(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return null;
  }
}

/** Up to `limit` of the most recent payloads of each event name, from the original table. */
export async function samplePayloads(wh: Warehouse, ctx: RunContext, opts: SampleOptions): Promise<Map<string, unknown[]>> {
  const since = addDays(dayStart(ctx.asOf), -SAMPLE_DAYS);
  const statement = runnerStatement(ctx, SAMPLE_EVENTS, { event_names: opts.eventNames.length ? [...opts.eventNames] : null, limit: opts.limit, since });
  const samples = new Map<string, unknown[]>(opts.eventNames.map((n) => [n, []]));
  for (const row of (await wh.run(statement)).rows) {
    const name = String(row['event_name']);
    const list = samples.get(name) ?? [];
    samples.set(name, list);
    list.push(parsePayload(row['event_data']));
  }
  return samples;
}

/** A model file to write: its path relative to the project and its text. */
export interface ModelFile {
  readonly file: string;
  readonly model: InferredModel;
  readonly text: string;
}

/** The model files of the samples; event names with no sampled rows are refused (nothing to infer from). */
export function modelFiles(samples: ReadonlyMap<string, readonly unknown[]>): ModelFile[] {
  const empty = [...samples].filter(([, rows]) => rows.length === 0).map(([n]) => n);
  if (empty.length) throw new UsageError(`--event-name: no events named ${empty.join(', ')} in the original table to sample; check the name (names are case-sensitive)`);
  return inferModels(samples).map((model) => ({ file: path.join('models', `${model.name}.sql`), model, text: modelText(model) }));
}

/** Writes the files into the project, after checking all of them: an existing model is refused without `force`, and then nothing is written. */
export function writeModelFiles(projectDir: string, files: readonly ModelFile[], force: boolean): void {
  const existing = files.filter((f) => fs.existsSync(path.join(projectDir, f.file)));
  if (existing.length && !force) {
    throw new UsageError(`generate models: ${existing.map((f) => f.file).join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite, or --event-name to generate others`);
  }
  for (const f of files) writeFileSafely(path.join(projectDir, f.file), f.text, projectDir);
}
