import type { Argv } from 'yargs';
import { z } from 'zod';
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

/** One CLI command: its yargs surface beside its handler. `run` is a plain function tests can call without yargs. */
export interface CommandModule<A> {
  /** The yargs command string: name and positionals, e.g. 'revert <operation_id>'. */
  readonly command: string;
  readonly describe: string;
  /** Its positionals and options (a yargs builder). */
  readonly options?: (y: Argv) => Argv;
  /** From the argv yargs parsed (kebab-case keys) to the args `run` takes; a failed check is bad usage (exit 2). */
  readonly args: z.ZodType<A>;
  /** Absent for a command that only groups subcommands (`plan`). */
  readonly run?: (args: A, io: CommandIo) => Promise<number>;
  readonly subcommands?: readonly Command[];
}

/** A command with its args type sealed in: what the parser registers (one list mixes every command's args). */
export interface Command {
  readonly command: string;
  readonly describe: string;
  readonly options?: (y: Argv) => Argv;
  readonly subcommands: readonly Command[];
  /** Checks the argv against the command's schema and runs it; absent for a group. */
  readonly handle?: (argv: unknown, io: CommandIo) => Promise<number>;
}

/** Seals a typed command for the parser: its argv goes through its own schema only. */
export function seal<A>(m: CommandModule<A>): Command {
  const run = m.run;
  return {
    command: m.command,
    describe: m.describe,
    options: m.options,
    subcommands: m.subcommands ?? [],
    handle: run && (async (argv, io) => run(parseArgs(m.args, argv), io)),
  };
}

function parseArgs<A>(schema: z.ZodType<A>, argv: unknown): A {
  const parsed = schema.safeParse(argv);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'bad arguments');
  return parsed.data;
}

/*
 * Values as yargs gives them. yargs validates (types, choices, demandOption, conflicts, strict); these schemas type
 * and coerce the way the CLI always has and reject nothing yargs let through: a repeated option arrives as an array
 * and is passed on as before, since refusing it would change what a command line does.
 */

/** A demanded positional, or an option with a default: as text. */
export const text = z.unknown().optional().transform((v) => String(v));
/** A boolean flag: absent is false. */
export const flag = z.unknown().optional().transform((v) => Boolean(v));
/** A number option with a default. */
export const count = z.unknown().optional().transform((v) => Number(v));
/** An optional value (undefined when absent), typed as its option declares it. */
export const given = <T>(): z.ZodOptional<z.ZodType<T>> => z.custom<T>().optional();
/** A command without args of its own. */
export const NO_ARGS = z.object({});
