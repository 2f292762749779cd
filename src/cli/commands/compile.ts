import { compileAll, compiledDir } from '../../operations/compile';
import { loadContext, type GlobalOptions } from '../context';
import type { Output } from '../output';

/** `backfill compile`: write the SQL of models and migrations to target/compiled/<target>/. Never connects. */
export async function compileCommand(opts: GlobalOptions, select: readonly string[] | undefined, out: Output): Promise<number> {
  const ctx = loadContext(opts);
  const files = compileAll(ctx, select);
  out.say(`compile: ${files.length} files written to ${compiledDir(ctx)}`);
  for (const f of files) out.say(`  ${f}`);
  out.event({ command: 'compile', status: 'succeeded', files, rows: {} });
  return 0;
}
