import { z } from 'zod';

/*
 * The commands' args as yargs gives them (for the handlers' schemas). yargs validates (types, choices, demandOption,
 * conflicts, strict); these schemas type and coerce the way the CLI always has and reject nothing yargs let through:
 * a repeated option arrives as an array and is passed on as before, since refusing it would change what a command
 * line does.
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
