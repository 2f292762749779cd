import type { RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import { unknownMessage } from '../suggest';

/** `backfill run-operation <macro> --help`: the macro's arguments as its front matter declares them. */
export function macroHelp(ctx: RunContext, macro: string): string[] {
  const def = ctx.compiled.macros.get(macro);
  if (!def) throw new UsageError(unknownMessage('macro', macro, [...ctx.compiled.macros.keys()].sort(), 'available'));
  const h = def.header;
  const groupOf = (name: string): readonly string[] | undefined => h.exactly_one_of.find((g) => g.includes(name));
  const rows = Object.entries(h.args).map(([name, spec]) => {
    const group = groupOf(name);
    const need = spec.required ? 'required' : spec.default !== undefined ? `default: ${JSON.stringify(spec.default)}` : group ? `one of ${group.join('|')}` : 'optional';
    return [name, spec.type, need, spec.description ?? ''];
  });
  const cells = [['ARGUMENT', 'TYPE', 'REQUIRED/DEFAULT', 'DESCRIPTION'], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  const lines = [`backfill run-operation ${macro} --args '{…}'`, ...(h.description ? ['', h.description] : []), ''];
  for (const c of cells) lines.push(`  ${c.map((v, i) => (i < 3 ? v.padEnd(widths[i]!) : v)).join('  ').trimEnd()}`);
  lines.push('');
  for (const g of h.exactly_one_of) lines.push(`exactly one of: ${g.join(', ')}`);
  if (h.batchable) lines.push('batchable: runs in day batches with vars.batch_days');
  lines.push(`defined in ${def.file}`);
  return lines;
}

/** The argv with `--help` after `run-operation <macro>` turned into `--macro-help` (yargs would print its own). */
export function macroHelpArgv(argv: readonly string[], commandAt: number): readonly string[] {
  const macro = argv[commandAt + 1];
  if (argv[commandAt] !== 'run-operation' || macro === undefined || macro.startsWith('-')) return argv;
  return argv.map((a) => (a === '--help' || a === '-h' ? '--macro-help' : a));
}
