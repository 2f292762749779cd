import path from 'node:path';
import { z } from 'zod';
import { importEvents } from '../../import/import-events';
import { flag, text } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';
import { rowsLines } from '../output';

const ARGS = z
  .object({ file: text, description: text, update: flag, insert: flag, 'keep-extra': flag })
  .transform((a) => ({ file: a.file, description: a.description, update: a.update, insert: a.insert, keepExtra: a['keep-extra'] }));

/** The args of `backfill import`. */
export type ImportArgs = z.infer<typeof ARGS>;

/** `backfill import <file> --description …`: NDJSON events in as exceptions; bad lines set aside with reasons. */
export const importHandler: CommandHandler<ImportArgs> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withWarehouse(globals, { session: 'backfill import' }, async (wh, ctx) => {
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
    }),
};
