import { z } from 'zod';
import { parseMacroArgs } from '../../compiler/macro-args';
import { compileAll, compiledDir, formatScript, writeOperationSql } from '../../operations/compiled-files';
import { compileOperation } from '../../operations/compile-operation';

import { given, seal, text, type CommandModule } from '../command';
import { withContext } from '../context';

const OPERATION_ARGS = z.object({ macro: text, args: given<string>() });

/** `backfill compile run-operation <macro> --args '…'`: print and write the exact SQL, run nothing. */
export const compileOperationCommand: CommandModule<z.infer<typeof OPERATION_ARGS>> = {
  command: 'run-operation <macro>',
  describe: 'print and write the exact SQL an operation would run',
  options: (y) => y.positional('macro', { type: 'string', demandOption: true }).option('args', { type: 'string' }),
  args: OPERATION_ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, (ctx) => {
      const plan = compileOperation(ctx, a.macro, parseMacroArgs(a.args));
      const file = writeOperationSql(ctx, a.macro, plan.statements);
      if (globals.json) out.event({ command: 'compile', macro: a.macro, status: 'succeeded', file, statements: plan.statements.map((s) => s.sql), rows: {} });
      else out.raw(formatScript(plan.statements));
      return 0;
    }),
};

const ARGS = z.object({ select: given<string[]>() });

/** `backfill compile`: write the SQL of models and migrations to target/compiled/<target>/. Never connects. */
export const compileCommand: CommandModule<z.infer<typeof ARGS>> = {
  command: 'compile',
  describe: 'write rendered SQL to target/compiled/<target>/',
  options: (y) => y.option('select', { type: 'string', array: true, describe: 'models to compile' }),
  subcommands: [seal(compileOperationCommand)],
  args: ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, (ctx) => {
      const files = compileAll(ctx, a.select);
      out.say(`compile: ${files.length} files written to ${compiledDir(ctx)}`);
      for (const f of files) out.say(`  ${f}`);
      out.event({ command: 'compile', status: 'succeeded', files, rows: {} });
      return 0;
    }),
};
