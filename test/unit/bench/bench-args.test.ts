import { UsageError } from '../../../src/errors';
import { parsePgArgs } from '../../../src/bench/pg-setup';
import { parseArgs } from '../../../src/bench/setup';

/** `--only` of the benches: one parser for both (src/bench/setup.ts parseOnly). */
describe('bench --only', () => {
  it('PostgreSQL: runs the named cases, all when not given', () => {
    expect([...parsePgArgs(['--target', 'postgres', '--only', 'import']).only!]).toEqual(['import']);
    expect([...parsePgArgs(['--target', 'postgres', '--only', 'rebuild,targeted,import']).only!].sort()).toEqual(['import', 'rebuild', 'targeted']);
    expect(parsePgArgs(['--target', 'postgres', '--quick']).only).toBeNull();
  });

  it.each([
    [['--only', 'imports'], /^--only: unknown case imports; one or more of rebuild, targeted, import, comma-separated$/],
    [['--only', 'import,dedup'], /^--only: unknown case dedup; one or more of rebuild, targeted, import, comma-separated$/],
    [['--only'], /^--only: needs one or more of rebuild, targeted, import, comma-separated$/],
    [['--only', '--quick'], /^--only: needs one or more of rebuild, targeted, import, comma-separated$/],
  ])('PostgreSQL: %j is a one-line usage error (exit code 2)', (argv, message) => {
    let err: unknown;
    try {
      parsePgArgs(['--target', 'postgres', ...argv]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(message);
  });

  it('DuckDB: the same parser, with its own cases', () => {
    expect([...parseArgs(['--only', 'dedup,bytes']).only!]).toEqual(['dedup', 'bytes']);
    expect(() => parseArgs(['--only', 'targetted'])).toThrow(/^--only: unknown case targetted; one or more of rebuild, targeted, dedup, import, compile, cli, bytes, comma-separated$/);
  });
});
