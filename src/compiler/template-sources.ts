import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../errors';
import { PACKAGE_ROOT } from './package-root';
import type { DispatchSourceSets, TemplateSource } from './template-env';

/** `<name>.sql` (every target) or `<name>.<target>.sql` (that target's own version). */
const SQL_FILE = /^([a-z0-9_]+)(?:\.([a-z0-9]+))?\.sql$/;

/**
 * Fragment names written in migrations, which are checksummed when applied and so cannot be edited: they resolve to
 * the package's private SQL of the same name, whatever a project's macros/dialects holds.
 */
const MIGRATION_FRAGMENTS: Readonly<Record<string, string>> = {
  event_indexes: 'ledger/event_indexes',
  exception_seq_column: 'ledger/exception_seq_column',
  inserted_at_utc: 'ledger/inserted_at_utc',
  json_canonical_functions: 'ledger/json_canonical_functions',
  json_functions: 'ledger/json_functions',
};

/** Fragments a project could override in macros/dialects before they became the package's private SQL. */
const NOW_PRIVATE: Readonly<Record<string, string>> = {
  ...MIGRATION_FRAGMENTS,
  effective_events: 'semantics/effective_events',
  touched_ids: 'semantics/touched_ids',
  touched_rows: 'semantics/touched_rows',
  canonical_json: 'semantics/canonical_json',
  key_join_setup: 'rebuild/key_join_setup',
  key_join_reset: 'rebuild/key_join_reset',
  epoch_ms: 'changes/epoch_ms',
  row_json: 'changes/row_json',
  except_distinct: 'checks/except_distinct',
};

type Versions = Partial<Record<string, TemplateSource>>;

/**
 * Dispatched templates: the package's private SQL (src/<feature>/sql, as `<feature>/<name>`), then the public
 * fragments of macros/dialects/<d>/ of every root, later roots overriding earlier ones (`merged`; `packageOnly`
 * keeps the package's versions, for its private SQL). A project's `templates/<dir>/*.sql` (runner SQL overrides,
 * no longer read) is a diagnostic rather than silently ignored.
 */
export function dispatchSources(roots: readonly string[], diagnostics: Diagnostic[]): DispatchSourceSets {
  const map = packageSql(diagnostics);
  let packageOnly = new Map(map);
  for (const root of roots) {
    const templates = path.join(root, 'templates');
    if (root !== PACKAGE_ROOT && holdsRunnerSql(templates)) {
      diagnostics.push({ file: templates, message: 'runner SQL is private to backfill and can no longer be overridden here; public fragments (json_set, json_value, json_text, cast, now, text_order, table_options) are overridden in macros/dialects/<target>/; remove or rename this folder' });
    }
    const base = path.join(root, 'macros', 'dialects');
    if (!fs.existsSync(base)) continue;
    for (const dialectDir of fs.readdirSync(base).sort()) {
      if (!isDirectory(path.join(base, dialectDir), diagnostics)) continue;
      for (const src of sqlFiles(path.join(base, dialectDir), diagnostics)) {
        const now = root === PACKAGE_ROOT ? undefined : NOW_PRIVATE[src.name];
        if (now) diagnostics.push({ file: src.file, message: `${src.name} is the package's private SQL now (src/${now.split('/')[0]}/sql/) and can no longer be overridden; remove this file` });
        else map.set(src.name, { ...map.get(src.name), [dialectDir]: src });
      }
    }
    // Entries are replaced, never changed in place, so a copy keeps the package's versions.
    if (root === PACKAGE_ROOT) packageOnly = new Map(map);
  }
  for (const m of [map, packageOnly]) for (const [alias, name] of Object.entries(MIGRATION_FRAGMENTS)) m.set(alias, m.get(name) ?? {});
  return { merged: map, packageOnly };
}

/**
 * Whether a project's `templates/` looks like the runner SQL overrides of old (`templates/<dialect>/<name>.sql`),
 * which are no longer read; any other use of the folder (a project's own HTML templates) is none of ours.
 */
function holdsRunnerSql(templates: string): boolean {
  if (!fs.existsSync(templates) || !isDirectoryQuiet(templates)) return false;
  return fs.readdirSync(templates).some((d) => {
    const dir = path.join(templates, d);
    return isDirectoryQuiet(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.sql'));
  });
}

/** Whether `p` is a directory; anything unreadable is not (the project's own folder, not ours to report). */
function isDirectoryQuiet(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The package's private SQL by name (`rebuild/replace_days`), each with its default and per-target versions. */
export function packageSql(diagnostics: Diagnostic[]): Map<string, Versions> {
  const map = new Map<string, Versions>();
  const src = path.join(PACKAGE_ROOT, 'src');
  for (const feature of fs.readdirSync(src).sort()) {
    const dir = path.join(src, feature, 'sql');
    if (!fs.existsSync(dir)) continue;
    for (const file of sqlFiles(dir, diagnostics)) {
      const m = SQL_FILE.exec(path.basename(file.file));
      if (!m) {
        diagnostics.push({ file: file.file, message: 'SQL files are named <name>.sql or <name>.<target>.sql (lower case, digits, _)' });
        continue;
      }
      const name = `${feature}/${m[1]!}`;
      map.set(name, { ...map.get(name), [m[2] ?? 'default']: { ...file, name } });
    }
  }
  return map;
}

/** The `*.sql` files of a directory, by name; an entry that cannot be read as a file is a diagnostic, not a crash. */
export function sqlFiles(dir: string, diagnostics: Diagnostic[]): TemplateSource[] {
  if (!fs.existsSync(dir) && !isSymlink(dir)) return [];
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    diagnostics.push({ file: dir, message: (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'is a file, not a directory; move it out of the way' : unreadable(dir, err) });
    return [];
  }
  return entries
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => {
      const file = path.join(dir, f);
      try {
        return [{ name: f.slice(0, -4), file, source: fs.readFileSync(file, 'utf8') }];
      } catch (err) {
        diagnostics.push({ file, message: unreadable(file, err) });
        return [];
      }
    });
}

/** Why a template file could not be read, and what to do about it. */
function unreadable(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'is a directory, not a template file; rename it (without .sql) or move it out';
  if (code === 'ELOOP') return 'is a symbolic link loop; remove the link or point it at a file';
  if (code === 'ENOENT' && isSymlink(file)) return `is a dangling symbolic link (to '${fs.readlinkSync(file)}', which does not exist); remove it or fix its target`;
  return `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
}

/** Whether `dir` is a directory (through links); a link that leads nowhere is a diagnostic. */
function isDirectory(dir: string, diagnostics: Diagnostic[]): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch (err) {
    diagnostics.push({ file: dir, message: unreadable(dir, err) });
    return false;
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
