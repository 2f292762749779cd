/**
 * Typed handles at compile time: `npm run typecheck` fails when a line marked @ts-expect-error compiles, so a wrong
 * name, a missing key or an unknown key stays a TypeScript error. (At run time the calls are only built, never run.)
 */
import { runnerStatement, type RunContext } from '../../../src/compiler/statements';
import { sqlTemplate } from '../../../src/compiler/sql-template';
import { LEDGER_FINISH, SCHEMA_MIGRATIONS_LIST } from '../../../src/ledger/sql';
import { INSERT_DAYS } from '../../../src/rebuild/sql';

const uncalled = (ctx: RunContext): unknown[] => [
  // @ts-expect-error: no such SQL file
  sqlTemplate('ledger/finnish', ['status']),
  // @ts-expect-error: `rows` missing
  runnerStatement(ctx, LEDGER_FINISH, { operation_id: 'op', status: 'succeeded', finished_at: new Date(), error: null }),
  // @ts-expect-error: `row` is not a key of ledger/finish
  runnerStatement(ctx, LEDGER_FINISH, { operation_id: 'op', status: 'succeeded', finished_at: new Date(), rows: {}, error: null, row: 1 }),
  // @ts-expect-error: the file reads no key
  runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, { table: 'x' }),
  runnerStatement(ctx, SCHEMA_MIGRATIONS_LIST, {}),
  // optional keys may be left out, required ones not
  runnerStatement(ctx, INSERT_DAYS, { stage_table: 'x', column_names: [] }),
  // @ts-expect-error: `column_names` missing
  runnerStatement(ctx, INSERT_DAYS, { stage_table: 'x', work_table: 'w' }),
];

test('the handle checks are compile-time (see npm run typecheck)', () => {
  expect(typeof uncalled).toBe('function');
});
