import type { Argv } from 'yargs';
import type { z } from 'zod';
import { UsageError } from '../errors';
import type { GlobalOptions } from './context';
import type { Output } from './output';

/** What a command runs with besides its own args. */
export interface CommandIo {
  readonly globals: GlobalOptions;
  /** Where it reports: human lines, or JSON objects with --json. */
  readonly out: Output;
  /** Standard output itself, for data written as is (a change feed on `-`). */
  readonly stdout: (s: string) => void;
}

/**
 * What one command does (src/cli/handlers/<command>.ts): `run` is a plain function tests can call without yargs.
 * Loaded only when its command runs, with the schemas, drivers and SDKs it needs.
 */
export interface CommandHandler<A> {
  /** From the argv yargs parsed (kebab-case keys) to the args `run` takes; a failed check is bad usage (exit 2). */
  readonly args: z.ZodType<A>;
  readonly run: (args: A, io: CommandIo) => Promise<number>;
}

/** Checks the argv against a command's schema and runs it. */
export type Handle = (argv: unknown, io: CommandIo) => Promise<number>;

/**
 * One CLI command as `--help` shows it (src/cli/commands/<command>.ts): its yargs surface, and its handler loaded
 * when it runs. The parser registers these: `backfill --help` and `backfill compile` load no other command's code.
 */
export interface Command {
  /** The yargs command string: name and positionals, e.g. 'revert <operation_id>'. */
  readonly command: string;
  readonly describe: string;
  /** Its positionals and options (a yargs builder). */
  readonly options?: (y: Argv) => Argv;
  readonly subcommands?: readonly Command[];
  /** Absent for a command that only groups subcommands (`plan`). */
  readonly handle?: Handle;
}

/** A typed handler sealed for the parser: its argv goes through its own schema only. */
export function seal<A>(h: CommandHandler<A>): Handle {
  return async (argv, io) => h.run(parseArgs(h.args, argv), io);
}

/** The handle of a command whose handler `load` requires (only when the command runs). */
export function lazy<A>(load: () => CommandHandler<A>): Handle {
  return async (argv, io) => seal(load())(argv, io);
}

function parseArgs<A>(schema: z.ZodType<A>, argv: unknown): A {
  const parsed = schema.safeParse(argv);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'bad arguments');
  return parsed.data;
}
