import crypto from 'node:crypto';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { PROJECT_FILE, type LoadedProject } from '../config/load';
import { identifier, IDENTIFIER } from '../config/identifiers';
import { zodMessage } from '../config/zod-message';
import { CompileError, type Diagnostic } from '../errors';
import type { TargetAdapter } from './target-adapter';
import type { Dialect } from './dialect';
import { checkTableNames, frameworkTables } from './table-names';
import { macroHeader, type MacroHeader, type StageModels } from './macro-args';
import { helperCalls, frontMatter } from './template-ast';
import { PACKAGE_ROOT } from './package-root';
import { precompiled } from './precompiled';
import { TemplateEnv, type Compiled, type TemplateSource } from './template-env';
import { dispatchSources, sqlFiles } from './template-sources';

const modelConfig = z.strictObject({
  event_name: z.string().min(1).max(256),
  materialized: z.enum(['incremental', 'table']).default('incremental'),
  partition_by: identifier.default('event_created_at'),
  unique_key: identifier.default('event_id'),
  /**
   * How a targeted run applies corrections to days outside its window: `events` replaces just the corrected events,
   * `days` their whole days. Default: `events` when each stage row depends on its own event alone (see row-wise.ts).
   */
  corrections: z.enum(['events', 'days']).optional(),
  /** `tags=["finance", "pii"]` (or `tags="finance pii"`): for `--select tag:finance`. */
  tags: z.union([z.array(identifier), z.string().transform((s) => s.split(/[\s,]+/).filter((t) => t !== ''))]).pipe(z.array(identifier)).default([]),
});
export type ModelConfig = z.infer<typeof modelConfig>;

export interface MacroDef {
  readonly name: string;
  readonly file: string;
  /** Shipped with the package (its compiled SQL is formatted), not a project's own (kept as its author laid it out). */
  readonly builtIn: boolean;
  readonly header: MacroHeader;
  readonly render: Compiled;
}

export interface ModelDef {
  readonly name: string;
  readonly file: string;
  readonly config: ModelConfig;
  readonly render: Compiled;
}

export interface MigrationDef {
  readonly id: string;
  readonly file: string;
  readonly checksum: string;
  readonly render: Compiled;
}

/** A project compiled for one dialect: everything the runner needs, no warehouse touched. */
export interface CompiledProject {
  readonly env: TemplateEnv;
  readonly macros: ReadonlyMap<string, MacroDef>;
  readonly models: ReadonlyMap<string, ModelDef>;
  readonly migrations: readonly MigrationDef[];
  readonly stageModels: StageModels;
}

/** Loads and compiles macros, models and migrations; all problems are reported together. */
export function compileProject(project: LoadedProject, dialect: Dialect, adapter: TargetAdapter): CompiledProject {
  const diagnostics: Diagnostic[] = [];
  const roots = PACKAGE_ROOT === project.dir ? [PACKAGE_ROOT] : [PACKAGE_ROOT, project.dir];
  const dispatch = dispatchSources(roots, diagnostics);
  const env = new TemplateEnv(dialect, adapter, project.config.tables, dispatch, project.dir);
  const macros = new Map<string, MacroDef>();
  for (const root of roots) {
    for (const src of sqlFiles(path.join(root, 'macros'), diagnostics)) {
      const macro = compileMacro(env, src, diagnostics, root === PACKAGE_ROOT);
      if (macro) macros.set(macro.name, macro);
    }
  }
  const models = new Map<string, ModelDef>();
  for (const src of sqlFiles(path.join(project.dir, 'models'), diagnostics)) {
    const model = compileModel(env, src, diagnostics);
    if (model) models.set(model.name, model);
  }
  const migrationSources = roots.flatMap((root) => sqlFiles(path.join(root, 'migrations'), diagnostics));
  const migrations = migrationSources.flatMap((src) => compileMigration(env, src, diagnostics));
  checkMigrationIds(migrations, diagnostics);
  const templates = [...dispatch.merged.values()].flatMap((versions) => Object.values(versions).filter((v): v is TemplateSource => v !== undefined));
  const framework = frameworkTables([...migrationSources, ...templates]);
  checkTableNames(project.config.tables, [...models.values()], framework, dialect, path.join(project.dir, PROJECT_FILE), diagnostics);
  if (diagnostics.length > 0) throw new CompileError(diagnostics, project.dir);
  const stageModels = new Map([...models.values()].map((m) => [m.name, m.config.event_name]));
  return { env, macros, models, migrations: migrations.sort(byMigrationId), stageModels };
}

/**
 * The order migrations apply in: `localeCompare`'s, as always. Ids are NNNN_what (compileMigration), so ids with
 * different numbers compare alike by code unit; only a tie on the number asks the collator, whose first use costs
 * a command's start ~7 ms (ICU's collation data).
 */
export function byMigrationId(a: { readonly id: string }, b: { readonly id: string }): number {
  const [x, y] = [a.id.slice(0, 4), b.id.slice(0, 4)];
  return x !== y ? (x < y ? -1 : 1) : a.id.localeCompare(b.id);
}

function compileMacro(env: TemplateEnv, src: TemplateSource, diagnostics: Diagnostic[], builtIn: boolean): MacroDef | null {
  // A package macro as the build compiled it (its front matter kept); any other is parsed now.
  const pre = precompiled(src.source);
  const ast = pre ? undefined : env.parse(src.file, src.source, diagnostics);
  if (!pre && !ast) return null;
  const header = pre && pre.header !== undefined ? checkedHeader(pre.header, src.file, diagnostics) : parseHeader(pre ? pre.frontMatter : frontMatter(ast!), src.file, diagnostics);
  const render = env.compile(src.file, src.source, diagnostics, ast ?? undefined);
  return header && render ? { name: src.name, file: src.file, builtIn, header, render } : null;
}

function parseHeader(text: string | null, file: string, diagnostics: Diagnostic[]): MacroHeader | null {
  if (text === null) {
    diagnostics.push({ file, message: 'a macro starts with a {{!-- … --}} comment declaring its args (YAML); see macros/update_event_data.sql' });
    return null;
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (err) {
    diagnostics.push({ file, message: `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}` });
    return null;
  }
  return checkedHeader(raw, file, diagnostics);
}

/** A front matter's value (as YAML read it) checked as a macro's header. */
function checkedHeader(raw: unknown, file: string, diagnostics: Diagnostic[]): MacroHeader | null {
  const parsed = macroHeader.safeParse(raw ?? {});
  if (!parsed.success) {
    diagnostics.push({ file, message: zodMessage(parsed.error, 'front matter') });
    return null;
  }
  return parsed.data;
}

function compileModel(env: TemplateEnv, src: TemplateSource, diagnostics: Diagnostic[]): ModelDef | null {
  if (!IDENTIFIER.test(src.name)) {
    diagnostics.push({ file: src.file, message: `model file name '${src.name}' must be a plain identifier: it is the stage table's name` });
    return null;
  }
  const ast = env.parse(src.file, src.source, diagnostics);
  if (!ast) return null;
  const calls = helperCalls(ast, 'config');
  if (calls.length !== 1 || calls[0]!.hash === null) {
    diagnostics.push({ file: src.file, message: 'a model needs exactly one {{config event_name="…"}} with literal values' });
    return null;
  }
  const parsed = modelConfig.safeParse(calls[0]!.hash);
  if (!parsed.success) {
    diagnostics.push({ file: src.file, message: zodMessage(parsed.error, 'config') });
    return null;
  }
  if (parsed.data.corrections === 'events' && parsed.data.unique_key !== 'event_id') {
    diagnostics.push({ file: src.file, message: `config corrections="events" needs unique_key "event_id" (the corrected events are found by id); use corrections="days" or drop unique_key` });
    return null;
  }
  const render = env.compile(src.file, src.source, diagnostics, ast);
  return render ? { name: src.name, file: src.file, config: parsed.data, render } : null;
}

function compileMigration(env: TemplateEnv, src: TemplateSource, diagnostics: Diagnostic[]): MigrationDef[] {
  if (!/^\d{4}_[a-z0-9_]+$/.test(src.name)) {
    diagnostics.push({ file: src.file, message: 'migration files are named NNNN_what.sql (e.g. 0003_add_index.sql)' });
    return [];
  }
  const render = env.compile(src.file, src.source, diagnostics);
  const checksum = crypto.createHash('sha256').update(src.source).digest('hex');
  return render ? [{ id: src.name, file: src.file, checksum, render }] : [];
}

function checkMigrationIds(migrations: readonly MigrationDef[], diagnostics: Diagnostic[]): void {
  const seen = new Map<string, string>();
  for (const m of migrations) {
    const other = seen.get(m.id);
    if (other) diagnostics.push({ file: m.file, message: `migration ${m.id} is also defined in ${other}; rename one` });
    seen.set(m.id, m.file);
  }
}
