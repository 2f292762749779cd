import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../errors';
import { modelFiles, samplePayloads, writeModelFiles } from '../../generate/generate';
import { count, flag, given } from '../args';
import type { CommandHandler } from '../command';
import { withWarehouse } from '../context';

const MAX_SAMPLE = 100_000;

const MODELS_ARGS = z
  .object({ 'event-name': given<string[]>(), sample: count, force: flag })
  .transform((a) => ({ eventNames: [...new Set((a['event-name'] ?? []).map(String))], sample: a.sample, force: a.force }));

/** `backfill generate models [--event-name X …] [--sample N] [--force]`: one typed stage model per event name, inferred from sampled payloads. */
export const generateModelsHandler: CommandHandler<z.infer<typeof MODELS_ARGS>> = {
  args: MODELS_ARGS,
  run: (a, { globals, out }) => {
    const check = (): void => {
      if (!Number.isInteger(a.sample) || a.sample < 1 || a.sample > MAX_SAMPLE) throw new UsageError(`--sample: ${a.sample} is not a number of rows from 1 to ${MAX_SAMPLE}`);
      const blank = a.eventNames.find((n) => n.trim() === '');
      if (blank !== undefined) throw new UsageError('--event-name: an empty name; give an event name like CardWasShipped');
    };
    return withWarehouse(globals, { session: 'backfill generate models', prepare: check }, async (wh, ctx) => {
      const files = modelFiles(await samplePayloads(wh, ctx, { eventNames: a.eventNames, limit: a.sample }));
      if (files.length === 0) throw new UsageError('generate models: the original table holds no events to sample');
      writeModelFiles(ctx.project.dir, files, a.force);
      for (const f of files) {
        const { model } = f;
        const rare = model.columns.filter((c) => c.rare || c.unaddressable).length;
        out.say(`${f.file}: ${model.eventName}, ${model.columns.length - rare} columns${rare ? ` (+${rare} commented)` : ''} from ${model.rows} sampled rows`);
      }
      out.event({ command: 'generate models', status: 'succeeded', files: files.map((f) => path.join(ctx.project.dir, f.file)) });
      return 0;
    });
  },
};
