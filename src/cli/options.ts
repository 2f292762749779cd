import type { Argv } from 'yargs';

/** `-s/--select` and `--exclude` (dbt's selection; the grammar is in src/rebuild/select.ts). */
export function selectionOptions(y: Argv, what: string): Argv {
  return y
    .option('select', { alias: 's', type: 'string', array: true, describe: `${what}: names, wildcards (payment*), tag:<tag>, event:<EventName>` })
    .option('exclude', { type: 'string', array: true, describe: 'models to leave out (same selectors as --select)' });
}
