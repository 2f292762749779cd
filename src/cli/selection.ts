import type { RunContext } from '../compiler/statements';
import { selectModels } from '../rebuild/select';

/** The models' names a command line picks, checked now (exit 2 before anything opens); undefined: all, nothing said. */
export function pickedNames(ctx: RunContext, a: { readonly select?: readonly string[]; readonly exclude?: readonly string[] }): string[] | undefined {
  if (a.select === undefined && a.exclude === undefined) return undefined;
  return selectModels(ctx, a.select, a.exclude).map((m) => m.name);
}
