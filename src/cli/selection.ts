import type { Argv } from 'yargs';
import type { RunContext } from '../compiler/statements';
import { selectModels } from '../rebuild/select';

/** `-s/--select` and `--exclude` (dbt's selection; the grammar is in src/rebuild/select.ts). */
export function selectionOptions(y: Argv, what: string): Argv {
  return y
    .option('select', { alias: 's', type: 'string', array: true, describe: `${what}: names, wildcards (payment*), tag:<tag>, event:<EventName>` })
    .option('exclude', { type: 'string', array: true, describe: 'models to leave out (same selectors as --select)' });
}

/** The models' names a command line picks, checked now (exit 2 before anything opens); undefined: all, nothing said. */
export function pickedNames(ctx: RunContext, a: { readonly select?: readonly string[]; readonly exclude?: readonly string[] }): string[] | undefined {
  if (a.select === undefined && a.exclude === undefined) return undefined;
  return selectModels(ctx, a.select, a.exclude).map((m) => m.name);
}
