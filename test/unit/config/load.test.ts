/**
 * loadProject on throwaway project dirs: a valid file loads with its defaults; every bad input is a UsageError
 * (exit code 2) whose message names the field at fault.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject, type LoadOptions } from '../../../src/config/load';
import { UsageError } from '../../../src/errors';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A project dir holding `yml` as its backfill.yml. */
function projectWith(yml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-config-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'backfill.yml'), yml);
  return dir;
}

const LOCAL = ['name: payments', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb }'];

function yml(...extra: string[]): string {
  return [...LOCAL, ...extra, ''].join('\n');
}

/** The UsageError thrown by loading `text` with `opts` (fails the test if nothing or something else is thrown). */
function usageError(text: string, opts: Omit<LoadOptions, 'projectDir'> = {}): UsageError {
  const dir = projectWith(text);
  try {
    loadProject({ projectDir: dir, ...opts });
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return err as UsageError;
  }
  throw new Error(`expected loadProject to throw a UsageError for:\n${text}`);
}

describe('a valid backfill.yml', () => {
  test('loads the default target, the table defaults and the vars', () => {
    const dir = projectWith(
      [
        'name: payments',
        'target: pg',
        'targets:',
        '  local: { type: duckdb, path: warehouse.duckdb }',
        '  pg: { type: postgres, connection_env: BACKFILL_PG_URL }',
        '  prod: { type: bigquery, project: dw-prod-gwiiag, location: EU, maximum_bytes_billed: 100000000000 }',
        'tables:',
        '  original: raw.events',
        'vars: { current_date_offset: 5 }',
        '',
      ].join('\n'),
    );
    const p = loadProject({ projectDir: dir });
    expect(p.dir).toBe(path.resolve(dir));
    expect(p.targetName).toBe('pg');
    expect(p.target).toEqual({ type: 'postgres', connection_env: 'BACKFILL_PG_URL' });
    expect(p.config.name).toBe('payments');
    expect(p.config.tables).toEqual({
      original: 'raw.events',
      exceptions: 's3.backend_events_exceptions',
      exclusions: 's3.backend_events_exclusions',
      stage_schema: 'stage',
      framework_schema: 'backfill',
    });
    expect(p.vars).toMatchObject({ current_date_offset: 5, dedup_window_days: null });
  });

  test('without `target:` the first target is used, and vars default to current_date_offset 3', () => {
    const p = loadProject({ projectDir: projectWith(yml()) });
    expect(p.targetName).toBe('local');
    expect(p.target).toEqual({ type: 'duckdb', path: 'warehouse.duckdb' });
    expect(p.vars.current_date_offset).toBe(3);
  });

  test('--target picks another defined target', () => {
    const dir = projectWith(yml('  other: { type: duckdb, path: other.duckdb }'));
    const p = loadProject({ projectDir: dir, target: 'other' });
    expect(p.targetName).toBe('other');
    expect(p.target).toEqual({ type: 'duckdb', path: 'other.duckdb' });
  });
});

describe('bad project files', () => {
  test('a missing backfill.yml says where it looked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-config-'));
    dirs.push(dir);
    expect(() => loadProject({ projectDir: dir })).toThrow(UsageError);
    expect(() => loadProject({ projectDir: dir })).toThrow(/backfill\.yml: not found/);
  });

  test('an unknown top-level key is named', () => {
    const err = usageError(yml('colour: blue'));
    expect(err.message).toMatch(/unknown key 'colour'/);
  });

  test('an unknown key inside a target names the target and the key', () => {
    const err = usageError(['name: payments', 'targets:', '  local: { type: duckdb, path: w.duckdb, threadz: 4 }', ''].join('\n'));
    expect(err.message).toContain('targets.local');
    expect(err.message).toContain("'threadz'");
  });

  test('an unknown target type lists the known ones', () => {
    const err = usageError(['name: payments', 'targets:', '  local: { type: mysql }', ''].join('\n'));
    expect(err.message).toContain('targets.local.type');
    expect(err.message).toMatch(/duckdb.*postgres.*bigquery/);
  });

  test('missing targets names the field', () => {
    expect(usageError('name: payments\n').message).toMatch(/\btargets\b/);
  });

  test('empty targets names the field and says one is needed', () => {
    const err = usageError('name: payments\ntargets: {}\n');
    expect(err.message).toContain('targets');
    expect(err.message).toMatch(/at least one target/);
  });

  test.each([
    ['original', 'bad name'],
    ['exceptions', 'one'],
    ['exclusions', 'a.b.c.d'],
  ])('tables.%s = %j is refused, naming the field', (field, value) => {
    const err = usageError(yml('tables:', `  ${field}: "${value}"`));
    expect(err.message).toContain(`tables.${field}`);
    expect(err.message).toMatch(/schema\.table/);
  });

  test('a schema name that is not a plain identifier is refused', () => {
    const err = usageError(yml('tables: { stage_schema: "stage; drop" }'));
    expect(err.message).toContain('tables.stage_schema');
  });

  test('`target:` naming no defined target is refused, listing the defined ones', () => {
    const err = usageError(['name: payments', 'target: prod', ...LOCAL.slice(1), ''].join('\n'));
    expect(err.message).toMatch(/\btarget\b/);
    expect(err.message).toContain('local');
  });

  test('not YAML at all is one line naming the file', () => {
    const err = usageError('name: [unclosed\n');
    expect(err.message).toMatch(/^backfill\.yml: not valid YAML/);
    expect(err.message).not.toContain('\n');
  });

  test.each([
    ['pg', '{ type: postgres, password: hunter2 }', 'password'],
    ['pg', '{ type: postgres, url: "postgres://u:p@h/db" }', 'url'],
    ['prod', '{ type: bigquery, project: dw-prod-gwiiag, private_key: "-----BEGIN" }', 'private_key'],
  ])('a secret in targets.%s (%s) is refused and the message says to use an environment variable', (name, target, key) => {
    const err = usageError(yml(`  ${name}: ${target}`));
    expect(err.message).toContain(`targets.${name}.${key}`);
    expect(err.message).toMatch(/environment variable/);
    // The secret itself must never be echoed back.
    expect(err.message).not.toMatch(/hunter2|u:p@h|BEGIN/);
  });
});

describe('command-line options', () => {
  test('--target naming an undefined target is refused, listing the defined ones', () => {
    const err = usageError(yml(), { target: 'nope' });
    expect(err.message).toContain('--target');
    expect(err.message).toContain("'nope'");
    expect(err.message).toContain('local');
  });

  test('--vars merges over the file vars, keeping the others and any extra keys', () => {
    const dir = projectWith(yml('vars: { current_date_offset: 5, dedup_window_days: 30 }'));
    const p = loadProject({ projectDir: dir, vars: '{current_date_offset: 7, region: eu}' });
    expect(p.vars).toMatchObject({ current_date_offset: 7, dedup_window_days: 30, region: 'eu' });
  });

  test('--vars also accepts JSON', () => {
    const p = loadProject({ projectDir: projectWith(yml()), vars: '{"current_date_offset": 0}' });
    expect(p.vars.current_date_offset).toBe(0);
  });

  test.each(['[1, 2]', '7', 'just text'])('--vars %j (not a mapping) is refused', (vars) => {
    const err = usageError(yml(), { vars });
    expect(err.message).toMatch(/^--vars: must be a YAML or JSON mapping/);
  });

  test('--vars that is not YAML is refused naming --vars', () => {
    expect(usageError(yml(), { vars: '{a: ' }).message).toMatch(/^--vars: not valid YAML/);
  });

  test.each([
    ['{current_date_offset: -1}', /Too small|>=\s*0/],
    ['{current_date_offset: 1.5}', /int/i],
    ['{current_date_offset: "7"}', /number/],
  ])('--vars %s is refused naming current_date_offset', (vars, why) => {
    const err = usageError(yml(), { vars });
    expect(err.message).toContain('--vars.current_date_offset');
    expect(err.message).toMatch(why);
  });

  test('a bad current_date_offset in the file names vars.current_date_offset', () => {
    const err = usageError(yml('vars: { current_date_offset: -1 }'));
    expect(err.message).toContain('vars.current_date_offset');
  });
});

describe('an unknown type names the values of its own union', () => {
  test('a target lists the target types', () => {
    expect(usageError(['name: p', 'targets:', '  a: { type: duckdbx }', ''].join('\n')).message).toBe(
      'backfill.yml.targets.a.type: unknown type; use one of duckdb, postgres, cockroachdb, bigquery',
    );
  });
  test('a change sink lists the sink types, not the target types', () => {
    expect(usageError(yml('changes:', '  sinks:', '    s: { type: kafka }')).message).toBe('backfill.yml.changes.sinks.s.type: unknown type; use one of file, pubsub');
  });
});
