import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../compiler/package-root';
import { UsageError } from '../errors';
import { didYouMean } from '../suggest';

/** Global options that take a value (the word after them is not the command). */
const VALUED = new Set(['--target', '-t', '--project-dir', '--vars', '--as-of']);

/** The first word that is not an option or an option's value: the command the user named (or undefined). */
export function commandWord(argv: readonly string[]): string | undefined {
  const at = commandIndex(argv);
  return at < 0 ? undefined : argv[at];
}

/** Where the command word is in argv (-1: none). */
export function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED.has(a)) i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

/** `unknown command 'x'; did you mean 'y'?; commands: …` when the named command is not one (exit 2). */
export function checkCommandWord(argv: readonly string[], commands: readonly string[]): void {
  const word = commandWord(argv);
  if (word === undefined || commands.includes(word)) return;
  throw new UsageError(`unknown command '${word}'${didYouMean(word, commands)}; commands: ${commands.join(', ')}`);
}

/** `backfill --version`: package.json's version. */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
