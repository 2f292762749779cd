// yargs/yargs, the factory: the package's main module also builds a singleton parser of process.argv at load (~4 ms of every start).
import yargs from 'yargs/yargs';
import type { Argv } from 'yargs';
import { CompileError, exitCodeOf, firstLine, UsageError, WarehouseError } from '../errors';
import type { Command } from './command';
import { checkCommandWord, commandIndex, packageVersion } from './command-line';
import { macroHelpArgv } from './macro-help';
import { InvocationRecord, writeRunArtifacts } from './run-results';
import { COMMANDS } from './commands';
import { globalOptions, globalsOf, type ParsedArgv } from './globals';
import { Output } from './output';
import { PROCESS_IO, watchPipes, type Io } from './process-io';

export type { Io } from './process-io';

/** One run: the command's exit code, and where an error is said (JSON or not is known once argv is parsed). */
interface RunState {
  code: number;
  out: Output;
  /** What the command said, for target/run_results.json and logs/backfill.log. */
  readonly rec: InvocationRecord;
}

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

/** Adds a command and its subcommands to `y`; running it records its exit code in `state`. */
function register(y: Argv, cmd: Command, io: Io, state: RunState, parent = ''): Argv {
  const name = `${parent}${cmd.command.split(' ')[0]!}`;
  const builder = (b: Argv): Argv => (cmd.subcommands ?? []).reduce((acc, sub) => register(acc, sub, io, state, `${name} `), cmd.options ? cmd.options(b) : b);
  return y.command(cmd.command, cmd.describe, builder, async (parsed: Record<string, unknown>) => {
    if (!cmd.handle) return;
    const a = parsed as ParsedArgv;
    [state.rec.command, state.rec.projectDir] = [name, a['project-dir']];
    state.out = new Output(a.json, io.stdout, io.stderr, state.rec.listen);
    state.code = await cmd.handle(a, { globals: globalsOf(a), out: state.out, stdout: io.stdout });
  });
}

/** yargs' usage object, of which only its help cache is touched (noHelpCache). */
interface YargsInternals {
  getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } };
}

/**
 * yargs renders a command's whole help text as soon as its handler has started, and keeps it in case the
 * handler's failure is to show it (~10 ms of a command's start). Failures here never show help (see `.fail`
 * below), and `--help` renders it afresh, so nothing is cached.
 */
function noHelpCache(y: Argv): Argv {
  const usage = (y as unknown as YargsInternals).getInternalMethods().getUsageInstance();
  usage.cacheHelpMessage = () => undefined;
  return y;
}

/** The whole command line: global options, every command, and bad usage thrown as one-line UsageErrors. */
function parser(argv: readonly string[], io: Io, state: RunState): Argv {
  const y = COMMANDS.reduce((acc, cmd) => register(acc, cmd, io, state), globalOptions(noHelpCache(yargs(dashValues(argv))).scriptName('backfill').usage('$0 <command> [options]')));
  return y
    .demandCommand(1, `name a command: ${commandNames()}`)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs spreads some messages over lines ("Invalid values:\n  Argument: …"): one line for the user.
      throw err ?? new UsageError(msg.replace(/\s*\n\s*/g, ' ').trim());
    })
    .help()
    .version(false);
}

/** The one `error: …` line, then what --debug (or a template problem's place) adds on standard error. */
function reportFailure(err: unknown, code: number, out: Output, debug: boolean): void {
  out.error(firstLine(err), code);
  // A template problem with a place: its line and a caret under the spot, after the one-line message.
  if (err instanceof CompileError) for (const line of err.excerpts()) out.debug(line);
  if (debug && err instanceof WarehouseError) out.debug(err.detail());
  if (debug && err instanceof Error && err.stack) out.debug(err.stack);
  const cause = (err as { cause?: unknown }).cause;
  if (debug && cause instanceof WarehouseError) out.debug(cause.detail());
}

/** Parses argv, runs one command and returns its exit code (0 ok, 1 failed, 2 bad usage or input). */
export async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  if (io === PROCESS_IO) watchPipes();
  const rec = new InvocationRecord();
  const state: RunState = { code: 0, out: new Output(argv.includes('--json'), io.stdout, io.stderr, rec.listen), rec };
  try {
    if (argv[0] === '--version' || argv[0] === '-v') return io.stdout(`${packageVersion()}\n`), 0;
    checkCommandWord(argv, COMMANDS.map((c) => c.command.split(' ')[0]!));
    await parser(macroHelpArgv(argv, commandIndex(argv)), io, state).parseAsync();
  } catch (err) {
    state.code = exitCodeOf(err);
    reportFailure(err, state.code, state.out, argv.includes('--debug'));
  }
  writeRunArtifacts(rec, argv, state.code);
  return state.code;
}

/** The commands' names in the order they are registered, for the message when none is given. */
function commandNames(): string {
  const names = COMMANDS.map((c) => c.command.split(' ')[0]!);
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
