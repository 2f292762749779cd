/**
 * The package's SQL files and their typed handles agree: every file under src/<feature>/sql has one handle, every
 * handle names a file, and a handle declares exactly the top-level names its file reads (in any target's version).
 */
import path from 'node:path';
import type { Diagnostic } from '../../../src/errors';
import { DIALECT_NAMES } from '../../../src/compiler/dialect';
import { SQL_NAMES } from '../../../src/compiler/sql-names';
import { parseSafe } from '../../../src/compiler/template-ast';
import { NO_ARG_HELPERS } from '../../../src/compiler/template-env';
import { contextReads } from '../../../src/compiler/template-reads';
import { packageSql } from '../../../src/compiler/template-sources';
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
