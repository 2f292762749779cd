import { z } from 'zod';
import { selectModels } from '../../rebuild/select';
import { given } from '../args';
import type { CommandHandler } from '../command';
import { withContext } from '../context';

const ARGS = z.object({ select: given<string[]>(), exclude: given<string[]>() });

/** `backfill ls [-s …] [--exclude …]`: what a selection picks (model, stage table, event name, tags). Never connects. */
export const lsHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, (ctx) => {
      const rows = selectModels(ctx, a.select, a.exclude).map((m) => ({
        model: m.name,
        stage_table: `${ctx.project.config.tables.stage_schema}.${m.name}`,
        event_name: m.config.event_name,
        tags: m.config.tags,
      }));
      const cells = [['MODEL', 'STAGE TABLE', 'EVENT NAME', 'TAGS'], ...rows.map((r) => [r.model, r.stage_table, r.event_name, r.tags.join(',')])];
      const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
      for (const c of cells) out.say(c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd());
      for (const r of rows) out.event(r);
      return 0;
    }),
};
