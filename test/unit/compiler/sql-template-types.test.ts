/**
 * Typed handles at compile time: `npm run typecheck` fails when a line marked @ts-expect-error compiles, so a wrong
 * name, a missing key or an unknown key stays a TypeScript error. (At run time the calls are only built, never run.)
 */
import { runnerStatement, type RunContext } from '../../../src/compiler/statements';
import { sqlTemplate, type SqlTemplate } from '../../../src/compiler/sql-template';
import type { CheckContext } from '../../../src/checks/checks';
import { STAGE_MATCHES } from '../../../src/checks/sql';
import { LEDGER_FINISH, SCHEMA_MIGRATIONS_LIST } from '../../../src/ledger/sql';
import { INSERT_DAYS } from '../../../src/rebuild/sql';

/** What runChecks' `check` takes for a handle (its context but `sample`). */
const checkContext = <K extends string, O extends string>(_template: SqlTemplate<K, O>, context: NoInfer<CheckContext<K, O>>): unknown => context;

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
  // a check is given its handle's keys but `sample`, which runChecks adds
  checkContext(STAGE_MATCHES, { stage_table: 'x', unique_key: 'event_id', model_sql: 'm' }),
  // @ts-expect-error: `model_sql` missing
  checkContext(STAGE_MATCHES, { stage_table: 'x', unique_key: 'event_id' }),
];

test('the handle checks are compile-time (see npm run typecheck)', () => {
  expect(typeof uncalled).toBe('function');
});
