import path from 'node:path';
import { z } from 'zod';
import { given } from '../args';
import type { CommandHandler } from '../command';
import { initProject } from '../init/init-project';
import type { InitTarget } from '../init/init-targets';

const ARGS = z.object({ dir: given<string>(), target: given<string>() });

/** `backfill init [dir] [--target duckdb|postgres|bigquery]`: a new project, never over existing files. */
export const initHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: async (a, { globals, out }) => {
    const dir = path.resolve(a.dir ?? globals.projectDir);
    const result = initProject(dir, (a.target ?? 'duckdb') as InitTarget);
    for (const f of result.files) out.say(`created ${path.join(result.dir, f)}`);
    out.say(`init: a ${a.target ?? 'duckdb'} project in ${result.dir} (target ${result.targetName}); next: set tables: in backfill.yml, then 'backfill debug' and 'backfill migrate'`);
    out.event({ command: 'init', status: 'succeeded', dir: result.dir, target: result.targetName, files: result.files, rows: {} });
    return 0;
  },
};
