import path from 'node:path';
import { z } from 'zod';
import { given, type CommandModule } from '../command';
import { initProject, INIT_TARGETS, type InitTarget } from '../init/init-project';

const ARGS = z.object({ dir: given<string>(), target: given<string>() });

/** `backfill init [dir] [--target duckdb|postgres|bigquery]`: a new project, never over existing files. */
export const initCommand: CommandModule<z.infer<typeof ARGS>> = {
  command: 'init [dir]',
  describe: 'write a new project (backfill.yml, models/, macros/, backfills/, .gitignore); never overwrites',
  options: (y) =>
    y
      .positional('dir', { type: 'string', describe: 'the new project directory (default: --project-dir, else the current one)' })
      .option('target', { type: 'string', choices: INIT_TARGETS, default: 'duckdb', describe: 'the kind of warehouse of the new project' }),
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
