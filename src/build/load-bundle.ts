/**
 * How bin/backfill.js loads the CLI: the build's bundle (src/build/bundle-cli.ts) compiled from V8's code cache
 * beside it, so a command's start neither resolves and reads ~300 modules nor parses and compiles them again. A cache
 * that does not match (another node, or a bundle rebuilt since) is rejected by V8 and the bundle compiled as usual.
 * Without a bundle, or with one older than dist/cli/main.js (tsc run again since, e.g. by the test suite's setup
 * without this step), dist/cli/main.js: a stale bundle never runs. The bundle runs as a CommonJS module of its own file, with the
 * wrapper on its first line, so its paths and stack traces' line numbers are its own.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export const BUNDLE = path.join(__dirname, '..', 'cli', 'backfill.bundle.js');
/** The code cache of `--help` (and `--version`): the command table only, the smallest to read. */
export const HELP_CODE_CACHE = `${BUNDLE}.help.cache`;
/** The code cache of the commands that never connect (`compile`): what those compiled, so the smaller to read. */
export const CODE_CACHE = `${BUNDLE}.cache`;
/** The code cache of the commands that open a warehouse: the start's, plus the driver and a `run` compiled. */
export const WAREHOUSE_CODE_CACHE = `${BUNDLE}.warehouse.cache`;

/** The commands whose start the smaller cache holds; every other one opens (or may open) a warehouse. */
const OFFLINE = new Set(['compile', 'init', 'lint', 'generate']);

/**
 * The code cache for a command line (V8 reads a cache whole, so a larger one than needed costs a start ~10–20 ms):
 * the help one for `--help`, `--version` or no command; the smaller one for the commands that never connect; the
 * warehouse one otherwise. A command word placed after global options is not recognised and gets the smaller
 * cache: only slower, never wrong.
 */
export function codeCacheFor(argv: readonly string[]): string {
  const word = argv[0];
  if (word === undefined || word.startsWith('-') || argv.includes('--help') || argv.includes('-h')) return HELP_CODE_CACHE;
  return OFFLINE.has(word) ? CODE_CACHE : WAREHOUSE_CODE_CACHE;
}

type Cli = typeof import('../cli/main');

/** The bundle's exports, and its compiled script (whose code cache the build writes). */
export function loadBundle(cache: string | null = CODE_CACHE): { cli: Cli; script: vm.Script } | undefined {
  let source: string;
  try {
    if (fs.statSync(BUNDLE).mtimeMs < fs.statSync(path.join(__dirname, '..', 'cli', 'main.js')).mtimeMs) return undefined;
    // ASCII (the build makes it so: bundle-cli's asciiOnly), so latin1 reads it alike, as one-byte text, and faster.
    source = fs.readFileSync(BUNDLE, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let cachedData: Buffer | undefined;
  try {
    if (cache !== null) cachedData = fs.readFileSync(cache);
  } catch {
    // No cache: compiled as usual.
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const mod = new Module(BUNDLE, require.main);
  mod.filename = BUNDLE;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(BUNDLE));
  mod.loaded = true;
  require.cache[BUNDLE] = mod;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  return { cli: mod.exports as Cli, script };
}

/** The CLI's main module for `argv`: the bundle if built (with the cache for `argv`), else tsc's dist/cli/main.js. */
export function loadCli(argv: readonly string[] = []): Cli {
  return loadBundle(codeCacheFor(argv))?.cli ?? (require('../cli/main') as Cli);
}
