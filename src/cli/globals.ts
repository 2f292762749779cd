import type { Argv } from 'yargs';
import type { GlobalOptions } from './context';

/** The argv yargs parsed: the global options, and each command's own under their yargs names. */
export interface ParsedArgv {
  target?: string;
  'project-dir': string;
  vars?: string;
  'as-of'?: string;
  'dry-run': boolean;
  json: boolean;
  debug: boolean;
  [key: string]: unknown;
}

/** The options every command takes (SPEC §6), as yargs options. */
export function globalOptions(y: Argv): Argv {
  return y
    .option('target', { alias: 't', type: 'string', describe: 'target name from backfill.yml' })
    .option('project-dir', { type: 'string', default: process.cwd(), describe: 'project directory (holds backfill.yml)' })
    .option('vars', { type: 'string', describe: "YAML mapping, e.g. '{current_date_offset: 7}'" })
    .option('as-of', { type: 'string', describe: 'logical now (ISO date or timestamp, UTC); default: now' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'show what would run; write nothing' })
    .option('json', { type: 'boolean', default: false, describe: 'one JSON object per line on stdout' })
    .option('debug', { type: 'boolean', default: false, describe: 'print failed SQL and stack traces' });
}

/** The global options out of a parsed argv. */
export function globalsOf(a: ParsedArgv): GlobalOptions {
  return { target: a.target, projectDir: a['project-dir'], vars: a.vars, asOf: a['as-of'], dryRun: a['dry-run'], json: a.json, debug: a.debug };
}
