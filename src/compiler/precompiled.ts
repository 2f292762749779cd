import crypto from 'node:crypto';
import Handlebars from 'handlebars';

/** How every template is compiled (at build time and at run time alike). */
export const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: false };

/** A package template compiled when the package was built: Handlebars' template spec and its front matter. */
export interface Precompiled {
  readonly spec: TemplateSpecification;
  readonly frontMatter: string | null;
  /** The front matter as YAML read it at build time, when it reads (and survives JSON) alike; else parsed at run time. */
  readonly header?: unknown;
}

/** Written by `npm run build` (src/compiler/precompile-templates.ts) beside this module in dist/compiler/. */
export const PRECOMPILED_FILE = 'precompiled-templates.js';

/** The build's output: the Handlebars version it compiled with, and each template by the sha256 of its text. */
export interface PrecompiledModule {
  readonly handlebars: string;
  readonly templates: Readonly<Record<string, Precompiled>>;
}

let table: ReadonlyMap<string, Precompiled> | undefined;

/** The key of a template's text. */
export function sourceKey(source: string): string {
  return crypto.createHash('sha256').update(source).digest('hex');
}

/**
 * The build's compilation of a template with exactly this text, else undefined (compile it now). Parsing and
 * compiling the package's templates was most of a command's start (~0.6 s of `backfill run`); keyed by the text, a
 * template edited (or overridden by a project) after the build is simply compiled at run time.
 */
export function precompiled(source: string): Precompiled | undefined {
  table ??= loadTable();
  return table.get(sourceKey(source));
}

function loadTable(): ReadonlyMap<string, Precompiled> {
  let mod: PrecompiledModule;
  try {
    // A literal path, beside this module in dist/compiler/: the CLI's bundle (src/build/bundle-cli.ts) takes the
    // table in with it, so a command's start has it from V8's code cache instead of compiling its ~0.7 MB.
    mod = require('./precompiled-templates.js') as PrecompiledModule;
  } catch {
    // Not built (ts-jest runs src/ itself): everything is compiled at run time.
    return new Map();
  }
  return mod.handlebars === Handlebars.VERSION ? new Map(Object.entries(mod.templates)) : new Map();
}
