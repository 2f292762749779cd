import yargs, { type Argv } from 'yargs';
import { CompileError, exitCodeOf, firstLine, UsageError, WarehouseError } from '../errors';
import { applyCommand } from './commands/apply';
import { checkCommand } from './commands/check';
import { importCommand } from './commands/import';
import { reportCommand } from './commands/report';
import { planOperationCommand, planRunCommand } from './commands/plan';
import { compileCommand } from './commands/compile';
import { operationShowCommand, operationsCommand, operationsRepairCommand } from './commands/operations';
import { revertCommand } from './commands/revert';
import { migrateCommand } from './commands/migrate';
import { changesCommand } from './commands/changes';
import { resumeCommand, runCommand } from './commands/run';
import { compileOperationCommand, runOperationCommand } from './commands/run-operation';
import type { GlobalOptions } from './context';
import { Output } from './output';

interface Raw {
  target?: string;
  'project-dir': string;
  vars?: string;
  'as-of'?: string;
  'dry-run': boolean;
  json: boolean;
  debug: boolean;
  [key: string]: unknown;
}

function globals(a: Raw): GlobalOptions {
  return { target: a.target, projectDir: a['project-dir'], vars: a.vars, asOf: a['as-of'], dryRun: a['dry-run'], json: a.json, debug: a.debug };
}

/** Where a run writes (tests capture it; the binary uses the process streams). */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/** Set once standard output's reader has gone (`backfill operations | head -1`): the rest of the output is dropped. */
let stdoutClosed = false;

/**
 * A closed pipe on standard output (EPIPE) is not the command's failure: its work goes on (or has committed), what
 * it would print is dropped, and it exits with its own code, without a stack trace.
 */
function watchStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      stdoutClosed = true;
      return;
    }
    throw err;
  });
}

const PROCESS_IO: Io = {
  stdout: (s) => {
    watchStdout();
    if (!stdoutClosed) process.stdout.write(s);
  },
  stderr: (s) => process.stderr.write(s),
};

/** `-` (standard output) as a value: yargs would read a lone `-` as an unknown argument. */
function dashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--changes' && argv[i + 1] === '-') out.push(`--changes=-`), i++;
    else if (argv[i] === '-' && argv[0] === 'changes') out.push('stdout');
    else out.push(argv[i]!);
  }
  return out;
}

/** Parses argv, runs one command and returns its exit code (0 ok, 1 failed, 2 bad usage or input). */
export async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  let code = 0;
  let out = new Output(argv.includes('--json'), io.stdout, io.stderr);
  const debug = argv.includes('--debug');
  const handle = (fn: (a: Raw) => Promise<number>) => async (parsed: Record<string, unknown>): Promise<void> => {
    const a = parsed as Raw;
    out = new Output(a.json, io.stdout, io.stderr);
    code = await fn(a);
  };
  const parser = yargs(dashValues(argv))
    .scriptName('backfill')
    .usage('$0 <command> [options]')
    .option('target', { type: 'string', describe: 'target name from backfill.yml' })
    .option('project-dir', { type: 'string', default: process.cwd(), describe: 'project directory (holds backfill.yml)' })
    .option('vars', { type: 'string', describe: "YAML mapping, e.g. '{current_date_offset: 7}'" })
    .option('as-of', { type: 'string', describe: 'logical now (ISO date or timestamp, UTC); default: now' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'show what would run; write nothing' })
    .option('json', { type: 'boolean', default: false, describe: 'one JSON object per line on stdout' })
    .option('debug', { type: 'boolean', default: false, describe: 'print failed SQL and stack traces' })
    .command('migrate', 'create/upgrade all framework and event tables', {}, handle((a) => migrateCommand(globals(a), out)))
    .command(
      'run-operation <macro>',
      'run one macro',
      (y: Argv) => y.positional('macro', { type: 'string', demandOption: true }).option('args', { type: 'string', describe: 'YAML or JSON mapping' }),
      handle((a) => runOperationCommand(globals(a), { macro: String(a['macro']), args: a['args'] as string | undefined }, out)),
    )
    .command(
      'run',
      'rebuild stage models',
      (y: Argv) =>
        y
          .option('select', { type: 'string', array: true, describe: 'models to run' })
          .option('full-refresh', { type: 'boolean', default: false })
          .option('allow-empty', { type: 'boolean', default: false, describe: 'let a rebuild go ahead when it would empty a non-empty stage table (or its days): event name with no events, model selecting nothing' })
          .option('changes', { type: 'string', describe: 'emit what each rebuild changed: file.ndjson, - (stdout), pubsub://<topic> or a sink named in backfill.yml' }),
      handle((a) => runCommand(globals(a), { select: a['select'] as string[] | undefined, fullRefresh: Boolean(a['full-refresh']), changes: a['changes'] as string | undefined, allowEmpty: Boolean(a['allow-empty']) }, out)),
    )
    .command(
      'changes <action> [sink]',
      'the change feed: status, pause <sink>, resume <sink> (delivers what waits), initial-sync <sink> --select <models>',
      (y: Argv) =>
        y
          .positional('action', { type: 'string', choices: ['status', 'pause', 'resume', 'initial-sync'], demandOption: true })
          .positional('sink', { type: 'string' })
          .option('select', { type: 'string', array: true, describe: 'models to sync (initial-sync)' }),
      handle((a) => changesCommand(globals(a), { action: String(a['action']), sink: a['sink'] as string | undefined, select: a['select'] as string[] | undefined }, out, io.stdout)),
    )
    .command(
      'compile',
      'write rendered SQL to target/compiled/<target>/',
      (y: Argv) =>
        y
          .option('select', { type: 'string', array: true, describe: 'models to compile' })
          .command(
            'run-operation <macro>',
            'print and write the exact SQL an operation would run',
            (yy: Argv) => yy.positional('macro', { type: 'string', demandOption: true }).option('args', { type: 'string' }),
            handle((a) => compileOperationCommand(globals(a), { macro: String(a['macro']), args: a['args'] as string | undefined }, out)),
          ),
      handle((a) => compileCommand(globals(a), a['select'] as string[] | undefined, out)),
    )
    .command(
      'operations [action] [id]',
      'list the ledger (or: operations show <id>; operations repair: close entries whose process is gone; operations repair <id> --mark-failed)',
      (y: Argv) =>
        y
          .positional('action', { type: 'string', choices: ['list', 'show', 'repair'], default: 'list' })
          .positional('id', { type: 'string' })
          .option('status', { type: 'string', choices: ['running', 'interrupted', 'succeeded', 'failed', 'reverted'] })
          .option('macro', { type: 'string' })
          .option('since', { type: 'string', describe: 'started at or after (ISO date or timestamp)' })
          .option('until', { type: 'string', describe: 'started before (ISO date or timestamp)' })
          .option('limit', { type: 'number', default: 50 })
          .option('mark-failed', { type: 'boolean', default: false, describe: 'repair <id>: mark that running entry failed (refused while its lock or lease shows it alive)' })
          .option('force', { type: 'boolean', default: false, describe: 'with --mark-failed: even when its lock or lease shows it alive' }),
      handle((a) => {
        if (a['action'] === 'show') {
          if (!a['id']) throw new UsageError("operations show: name the operation id, e.g. 'backfill operations show 7f3c…'");
          return operationShowCommand(globals(a), String(a['id']), out);
        }
        if (a['action'] === 'repair') return operationsRepairCommand(globals(a), out, { id: a['id'] as string | undefined, markFailed: Boolean(a['mark-failed']), force: Boolean(a['force']) });
        return operationsCommand(globals(a), { status: a['status'] as string | undefined, macro: a['macro'] as string | undefined, since: a['since'] as string | undefined, until: a['until'] as string | undefined, limit: Number(a['limit']) }, out);
      }),
    )
    .command(
      'revert <operation_id>',
      "undo an operation: its rows move to an archive (revert the revert to bring them back)",
      (y: Argv) => y.positional('operation_id', { type: 'string', demandOption: true }).option('force', { type: 'boolean', default: false, describe: 'revert even when later operations built on it' }),
      handle((a) => revertCommand(globals(a), { operationId: String(a['operation_id']), force: Boolean(a['force']) }, out)),
    )
    .command(
      'plan',
      'what an operation or the next run would do, without writing anything',
      (y: Argv) =>
        y
          .command(
            'run-operation <macro>',
            'rows it would add, events and users it would touch, days each model would rebuild',
            (yy: Argv) => yy.positional('macro', { type: 'string', demandOption: true }).option('args', { type: 'string' }),
            handle((a) => planOperationCommand(globals(a), { macro: String(a['macro']), args: a['args'] as string | undefined }, out)),
          )
          .command(
            'run',
            'days and models the next run would rebuild, and the events written since',
            (yy: Argv) => yy.option('select', { type: 'string', array: true }).option('full-refresh', { type: 'boolean', default: false }),
            handle((a) => planRunCommand(globals(a), { select: a['select'] as string[] | undefined, fullRefresh: Boolean(a['full-refresh']) }, out)),
          )
          .demandCommand(1, 'plan what: run-operation <macro> or run'),
      () => undefined,
    )
    .command(
      'import <file>',
      'write the events of an NDJSON file (gzip too) as exceptions; bad lines go to <file>.rejected.ndjson',
      (y: Argv) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('description', { type: 'string', demandOption: true, describe: 'why, for the record' })
          .option('update', { type: 'boolean', describe: 'every event corrects an existing one' })
          .option('insert', { type: 'boolean', describe: 'every event is a missing one' })
          .option('keep-extra', { type: 'boolean', default: false, describe: 'keep fields outside the event schema inside event_data' })
          .conflicts('update', 'insert'),
      handle((a) =>
        importCommand(globals(a), { file: String(a['file']), description: String(a['description']), update: Boolean(a['update']), insert: Boolean(a['insert']), keepExtra: Boolean(a['keep-extra']) }, out),
      ),
    )
    .command(
      'report',
      'a self-contained HTML page: rows per day (chart), the ledger, the check results',
      (y: Argv) =>
        y
          .option('out', { type: 'string', default: 'report.html' })
          .option('operation', { type: 'string', describe: 'an operation to show in full' })
          .option('days', { type: 'number', default: 30, describe: 'days of the chart, ending at the as-of date' }),
      handle((a) => reportCommand(globals(a), { out: String(a['out']), operation: a['operation'] as string | undefined, days: Number(a['days']) }, out)),
    )
    .command(
      'check',
      'data checks: unique keys, no excluded events, stage = effective rows, orphan updates, colliding inserts',
      (y: Argv) => y.option('select', { type: 'string', array: true, describe: 'models to check' }),
      handle((a) => checkCommand(globals(a), a['select'] as string[] | undefined, out)),
    )
    .command(
      'resume <operation_id>',
      'finish a run that was killed or failed part-way (checkpointed batches are not redone)',
      (y: Argv) => y.positional('operation_id', { type: 'string', demandOption: true }),
      handle((a) => resumeCommand(globals(a), String(a['operation_id']), out)),
    )
    .command(
      'apply [paths..]',
      'run the reviewed backfill files (backfills/*.yml) not applied yet, in name order',
      (y: Argv) => y.positional('paths', { type: 'string', array: true }),
      handle((a) => applyCommand(globals(a), (a['paths'] as string[] | undefined) ?? [], out)),
    )
    .demandCommand(1, 'name a command: migrate, run-operation, run, compile, plan, check, import, report, operations, revert, resume or apply')
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs spreads some messages over lines ("Invalid values:\n  Argument: …"): one line for the user.
      throw err ?? new UsageError(msg.replace(/\s*\n\s*/g, ' ').trim());
    })
    .help()
    .version(false);
  try {
    await parser.parseAsync();
  } catch (err) {
    code = exitCodeOf(err);
    out.error(firstLine(err), code);
    // A template problem with a place: its line and a caret under the spot, after the one-line message.
    if (err instanceof CompileError) for (const line of err.excerpts()) out.debug(line);
    if (debug && err instanceof WarehouseError) out.debug(err.detail());
    if (debug && err instanceof Error && err.stack) out.debug(err.stack);
    const cause = (err as { cause?: unknown }).cause;
    if (debug && cause instanceof WarehouseError) out.debug(cause.detail());
  }
  return code;
}
