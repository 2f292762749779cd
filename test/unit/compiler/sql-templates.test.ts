/**
 * The package's SQL files and their typed handles agree: every file under src/<feature>/sql has one handle, every
 * handle names a file, and a handle declares exactly the top-level names its file reads (in any target's version).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Diagnostic } from '../../../src/errors';
import { DIALECT_NAMES } from '../../../src/compiler/dialect';
import { SQL_NAMES } from '../../../src/compiler/sql-names';
import { parseSafe } from '../../../src/compiler/template-ast';
import { NO_ARG_HELPERS } from '../../../src/compiler/template-env';
import { contextReads } from '../../../src/compiler/template-reads';
import { dispatchSources, packageSql } from '../../../src/compiler/template-sources';
import { PACKAGE_ROOT } from '../../../src/compiler/package-root';
import { sqlHandles } from '../../helpers/sql-handles';

const TARGETS: readonly string[] = ['default', ...DIALECT_NAMES];
const diagnostics: Diagnostic[] = [];
const onDisk = packageSql(diagnostics);
const handles = sqlHandles();

test('the SQL files are named <name>.sql or <name>.<target>.sql, for a known target', () => {
  expect(diagnostics).toEqual([]);
  for (const [name, versions] of onDisk) for (const target of Object.keys(versions)) expect(`${name}: ${TARGETS.includes(target) ? 'ok' : target}`).toBe(`${name}: ok`);
});

test('SQL_NAMES (src/compiler/sql-names.ts) lists the files on disk', () => {
  expect([...SQL_NAMES]).toEqual([...onDisk.keys()].sort());
});

test('every SQL file has exactly one handle, declared in its own feature folder, and every handle names a file', () => {
  expect(handles.map((h) => h.handle.name).sort()).toEqual([...onDisk.keys()].sort());
  for (const { file, handle } of handles) expect(`${handle.name} in ${path.basename(path.dirname(file))}/sql.ts`).toBe(`${handle.name} in ${handle.name.split('/')[0]}/sql.ts`);
});

test("a handle's keys are the top-level names its file reads", () => {
  for (const { exported, handle } of handles) {
    const reads = new Set<string>();
    for (const src of Object.values(onDisk.get(handle.name) ?? {})) {
      const ast = parseSafe(src!.source, src!.file, new Set(NO_ARG_HELPERS), diagnostics);
      for (const r of ast ? contextReads(ast) : []) reads.add(r);
    }
    const declared = [...handle.keys, ...handle.optional];
    expect(`${exported}: ${[...new Set(declared)].sort().join(', ')} (${declared.length} declared)`).toBe(`${exported}: ${[...reads].sort().join(', ')} (${reads.size} declared)`);
  }
  expect(diagnostics).toEqual([]);
});

/** Every `dispatch` call of a template (as a mustache, a block or a sub-expression): its name and its hash keys. */
function dispatchCalls(source: string): Array<{ name: unknown; keys: string[]; line: number }> {
  const calls: Array<{ name: unknown; keys: string[]; line: number }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const n = node as { type?: string; path?: { original?: unknown }; params?: Array<{ type: string; value?: unknown }>; hash?: { pairs: Array<{ key: string }> }; loc?: { start: { line: number } } };
    if ((n.type === 'MustacheStatement' || n.type === 'SubExpression' || n.type === 'BlockStatement') && n.path?.original === 'dispatch') {
      const first = n.params?.[0];
      calls.push({ name: first?.type === 'StringLiteral' ? first.value : `(not a literal: ${first?.type})`, keys: (n.hash?.pairs ?? []).map((p) => p.key), line: n.loc?.start.line ?? 0 });
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'loc') visit(v);
  };
  visit(Handlebars.parse(source));
  return calls;
}

/** The package's SQL files of every kind: src/<feature>/sql, its macros, dialect fragments and migrations. */
function packageSqlFiles(): string[] {
  const sqlIn = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => path.join(dir, f)) : []);
  const src = path.join(PACKAGE_ROOT, 'src');
  const dialects = path.join(PACKAGE_ROOT, 'macros', 'dialects');
  return [
    ...fs.readdirSync(src).flatMap((f) => sqlIn(path.join(src, f, 'sql'))),
    ...sqlIn(path.join(PACKAGE_ROOT, 'macros')),
    ...fs.readdirSync(dialects).flatMap((d) => sqlIn(path.join(dialects, d))),
    ...sqlIn(path.join(PACKAGE_ROOT, 'migrations')),
  ].sort();
}

test("every dispatch in the package's SQL names a known template and passes its handle's keys", () => {
  const known = dispatchSources([PACKAGE_ROOT], diagnostics).merged;
  const problems: string[] = [];
  let count = 0;
  for (const file of packageSqlFiles()) {
    for (const call of dispatchCalls(fs.readFileSync(file, 'utf8'))) {
      count++;
      const at = `${path.relative(PACKAGE_ROOT, file)}:${call.line}: dispatch ${String(call.name)}`;
      const versions = typeof call.name === 'string' ? known.get(call.name) : undefined;
      if (!versions || Object.keys(versions).length === 0) {
        problems.push(`${at}: no such package SQL or public fragment`);
        continue;
      }
      // A package SQL name, or an alias of one (the migrations' fragments): the same versions as its handle's.
      const handle = handles.find((h) => known.get(h.handle.name) === versions)?.handle;
      if (!handle) continue;
      const missing = handle.keys.filter((k) => !call.keys.includes(k));
      const unknown = call.keys.filter((k) => !(handle.keys as readonly string[]).includes(k) && !(handle.optional as readonly string[]).includes(k));
      if (missing.length > 0) problems.push(`${at}: missing ${missing.join(', ')} (declared by ${handle.name})`);
      if (unknown.length > 0) problems.push(`${at}: ${unknown.join(', ')} not declared by ${handle.name}`);
    }
  }
  expect(problems).toEqual([]);
  expect(count).toBeGreaterThan(20);
  expect(diagnostics).toEqual([]);
});
