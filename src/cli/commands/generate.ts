import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../errors';
import { modelFiles, samplePayloads, SAMPLE_DAYS, writeModelFiles } from '../../generate/generate';
import { count, flag, given, NO_ARGS, seal, type CommandModule } from '../command';
import { withWarehouse } from '../context';

const MAX_SAMPLE = 100_000;

const MODELS_ARGS = z
  .object({ 'event-name': given<string[]>(), sample: count, force: flag })
  .transform((a) => ({ eventNames: [...new Set((a['event-name'] ?? []).map(String))], sample: a.sample, force: a.force }));

/** `backfill generate models [--event-name X …] [--sample N] [--force]`: one typed stage model per event name, inferred from sampled payloads. */
export const generateModelsCommand: CommandModule<z.infer<typeof MODELS_ARGS>> = {
  command: 'models',
  describe: `models/<event_name>.sql per event name, its columns the event_data keys typed from a sample (on BigQuery: of the last ${SAMPLE_DAYS} days)`,
  options: (y) =>
    y
      .option('event-name', { type: 'string', array: true, describe: 'event names to generate (default: every name sampled)' })
      .option('sample', { type: 'number', default: 1000, describe: 'rows sampled per event name (the most recent)' })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite existing model files' }),
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

/** `backfill generate`: groups its subcommands. */
export const generateCommand: CommandModule<object> = {
  command: 'generate',
  describe: 'generate project files from the data: models',
  options: (y) => y.demandCommand(1, 'generate what: models'),
  subcommands: [seal(generateModelsCommand)],
  args: NO_ARGS,
};
