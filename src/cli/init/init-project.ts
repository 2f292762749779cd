import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../compiler/package-root';
import { IDENTIFIER } from '../../config/identifiers';
import { PROJECT_FILE } from '../../config/load';
import { UsageError } from '../../errors';
import type { InitTarget } from './init-targets';


/** The name the new project's one target gets in backfill.yml. */
const TARGET_NAMES: Readonly<Record<InitTarget, string>> = { duckdb: 'local', postgres: 'pg', bigquery: 'bq' };

/** The templates of the files `init` writes (text files beside this module's source, not TypeScript strings). */
const TEMPLATES = path.join(PACKAGE_ROOT, 'src', 'cli', 'init', 'templates');

/** The directories of a new project, relative to it. */
export const INIT_DIRS = ['models', 'macros', 'backfills'] as const;

/** Each file of a new project (relative path) and the template it is made from (relative to TEMPLATES, or absolute). */
const INIT_FILES: ReadonlyArray<readonly [string, string]> = [
  [PROJECT_FILE, 'backfill.yml'],
  ['.gitignore', 'gitignore'],
  // The repository's own example model, so the two never drift apart.
  [path.join('models', 'card_shipped.sql'), path.join(PACKAGE_ROOT, 'models', 'card_shipped.sql')],
  [path.join('macros', 'README.md'), 'macros.README.md'],
  [path.join('backfills', 'README.md'), 'backfills.README.md'],
];

export interface InitResult {
  readonly dir: string;
  /** The files written, relative to `dir`, in order. */
  readonly files: readonly string[];
  readonly targetName: string;
}

/**
 * Writes a new project into `dir` (created if missing): backfill.yml for `target`, .gitignore, models/ with an
 * example model, macros/, backfills/. Every path is checked before anything is written: an existing file (or a
 * non-directory where a directory goes) is refused, exit 2, and nothing is written.
 */
export function initProject(dir: string, target: InitTarget): InitResult {
  const root = path.resolve(dir);
  const targetName = TARGET_NAMES[target];
  const vars = { name: projectName(root), target_name: targetName, targets: render(readTemplate(path.join('targets', `${target}.yml`)), { target_name: targetName }).trimEnd() };
  const files = INIT_FILES.map(([rel, template]) => ({ rel, text: render(readTemplate(template), vars) }));
  refuseExisting(root, files.map((f) => f.rel));
  for (const d of INIT_DIRS) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(root, f.rel), f.text, { flag: 'wx' });
  return { dir: root, files: files.map((f) => f.rel), targetName };
}

/** Refuses the first path that is in the way: an existing file (or link) to write, a non-directory where one goes. */
function refuseExisting(root: string, files: readonly string[]): void {
  const hint = 'init never overwrites; move it away or run init in another directory';
  // The project dir itself may be a link to a directory (the user named it); the folders inside may not.
  for (const d of ['', ...INIT_DIRS]) {
    const st = (d === '' ? fs.statSync : fs.lstatSync)(path.join(root, d), { throwIfNoEntry: false });
    if (st !== undefined && !st.isDirectory()) throw new UsageError(`${path.join(root, d)}: exists and is not a directory; ${hint}`);
  }
  for (const f of files) {
    if (fs.lstatSync(path.join(root, f), { throwIfNoEntry: false }) !== undefined) throw new UsageError(`${path.join(root, f)}: already exists; ${hint}`);
  }
}

/** The project's name: the directory's name as an identifier (`my-events` → `my_events`). */
function projectName(root: string): string {
  const name = path.basename(root).replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_').slice(0, 64);
  return IDENTIFIER.test(name) ? name : 'my_project';
}

function readTemplate(rel: string): string {
  return fs.readFileSync(path.resolve(TEMPLATES, rel), 'utf8');
}

/** `{{key}}` placeholders of the init templates (plain text substitution: no other syntax). */
function render(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(name|target_name|targets)\}\}/g, (_m, key: string) => vars[key] ?? '');
}
