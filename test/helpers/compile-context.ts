import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../src/config/load';
import { compileProject } from '../../src/compiler/project';
import { PACKAGE_ROOT } from '../../src/compiler/package-root';
import type { RunContext } from '../../src/compiler/statements';
import { adapterFor, dialectFor } from '../../src/targets/registry';
import { CompileError } from '../../src/errors';
import { duckdbAdapter } from '../../src/targets/duckdb/duckdb-adapter';
import { DuckdbDialect } from '../../src/targets/duckdb/duckdb-dialect';

/** The repository's example models, by name. */
export function exampleModels(): Record<string, string> {
  const read = (name: string): string => fs.readFileSync(path.join(PACKAGE_ROOT, 'models', `${name}.sql`), 'utf8');
  return { card_shipped: read('card_shipped'), payment_completed: read('payment_completed') };
}

export interface ProjectFiles {
  readonly yml?: string;
  /** models/<name>.sql; the repository's example models when omitted. */
  readonly models?: Record<string, string>;
  /** <relative path under the project dir> → content, e.g. `macros/my_macro.sql`. */
  readonly files?: Record<string, string>;
}

/**
 * Throwaway project dirs for compile-only tests (no warehouse is opened, no native module is loaded).
 * Call `cleanup()` in afterAll.
 */
export class TempProjects {
  private readonly dirs: string[] = [];

  make(opts: ProjectFiles = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-unit-'));
    this.dirs.push(dir);
    const yml = opts.yml ?? ['name: unit', 'targets:', '  local: { type: duckdb, path: ":memory:" }', ''].join('\n');
    const files: Record<string, string> = { 'backfill.yml': yml };
    for (const [name, sql] of Object.entries(opts.models ?? exampleModels())) files[path.join('models', `${name}.sql`)] = sql;
    Object.assign(files, opts.files ?? {});
    fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  }

  cleanup(): void {
    for (const d of this.dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  }
}

/** A context compiled for the project's target (DuckDB by default) at a fixed logical now. */
export function compiledContext(dir: string, asOf: Date, vars?: string): RunContext {
  const project = loadProject({ projectDir: dir, vars });
  return { project, compiled: compileProject(project, dialectFor(project.target), adapterFor(project.target)), asOf };
}

/** backfill.yml text for a compile-only project on each kind of target. */
export const TARGET_YML: Record<'duckdb' | 'postgres' | 'bigquery', string> = {
  duckdb: ['name: unit', 'targets:', '  local: { type: duckdb, path: ":memory:" }', ''].join('\n'),
  postgres: ['name: unit', 'targets:', '  pg: { type: postgres, connection_env: BACKFILL_PG_URL }', ''].join('\n'),
  bigquery: ['name: unit', 'targets:', '  prod: { type: bigquery, project: dw-prod-gwiiag, location: EU }', ''].join('\n'),
};

/** The CompileError of a DuckDB project whose only model is `model` (parse- and load-time checks). */
export function compileErrorOf(projects: TempProjects, model: string): CompileError {
  return compileErrorIn(projects.make({ models: { x: model } }));
}

/** The CompileError of compiling the project in `dir` for DuckDB (fails the test if it compiles). */
export function compileErrorIn(dir: string): CompileError {
  try {
    compileProject(loadProject({ projectDir: dir }), new DuckdbDialect(), duckdbAdapter);
  } catch (err) {
    if (err instanceof CompileError) return err;
    throw err;
  }
  throw new Error('compiled without an error');
}
