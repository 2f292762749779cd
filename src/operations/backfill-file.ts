/** The reviewed backfill files, `backfills/<name>.yml`: their format and loading (applying them: backfill-files.ts). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from '../config/load';
import { zodMessage } from '../config/zod-message';
import type { RunContext } from '../compiler/statements';
import { UsageError } from '../errors';

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
