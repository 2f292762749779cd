import path from 'node:path';
import { importEvents } from '../../import/import-events';
import { openWarehouse } from '../../targets/registry';
import { loadContext, type GlobalOptions } from '../context';
import { rowsLines, type Output } from '../output';

export interface ImportArgs {
  readonly file: string;
  readonly description: string;
  readonly update: boolean;
  readonly insert: boolean;
  readonly keepExtra: boolean;
}

/** `backfill import <file> --description …`: NDJSON events in as exceptions; bad lines set aside with reasons. */
export async function importCommand(opts: GlobalOptions, a: ImportArgs, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const wh = await openWarehouse(ctx.project, 'backfill import');
  try {
    const mode = a.update ? 'update' : a.insert ? 'insert' : 'detect';
    const s = await importEvents(wh, ctx, path.resolve(a.file), { description: a.description, mode, keepExtra: a.keepExtra });
    if (s.status === 'already imported') out.say(`import: ${a.file} was imported already by operation ${s.operation_id}; nothing written`);
    else {
      out.say(`import: ${s.imported} event(s) written as exceptions, ${s.rejected} line(s) rejected, operation ${s.operation_id}`);
      for (const l of rowsLines(s.rows)) out.say(l);
    }
    if (s.rejected_file) out.say(`rejected lines with their reasons: ${s.rejected_file}`);
    if (s.old_events > 0) out.say(`warning: ${s.old_events} event(s) are older than ${ctx.project.vars.import_max_age_days} days; many downstream tools refuse old data`);
    out.event(s);
    return 0;
  } finally {
    await wh.close();
  }
}
