import type { Statement } from '../compiler/sql';
import { runAll, type QueryResult, type Warehouse } from './warehouse';

type Run = (s: Statement) => Promise<QueryResult>;
const sql = (text: string): Statement => ({ sql: text, params: {} });

let commits = 0;
/**
 * Test-only crash point, inert unless the variable is set: BACKFILL_TEST_KILL_AFTER_COMMIT=N makes the process
 * SIGKILL itself right after its Nth committed transaction (test/cli/issue16-ledger-crash.test.ts).
 */
function killAfterCommitForTests(): void {
  const n = Number(process.env['BACKFILL_TEST_KILL_AFTER_COMMIT'] ?? 0);
  if (n > 0 && ++commits === n) process.kill(process.pid, 'SIGKILL');
}

/**
 * One transaction at a time on one connection: begin, run `fn`, commit — or roll back and rethrow. A nested call
 * joins the open transaction. The statements differ per target (BigQuery: BEGIN/COMMIT TRANSACTION).
 */
export class TransactionScope {
  private open = false;

  /** Whether `run` is inside its transaction now. */
  get isOpen(): boolean {
    return this.open;
  }

  constructor(private readonly words: { begin: string; commit: string; rollback: string } = { begin: 'BEGIN TRANSACTION', commit: 'COMMIT', rollback: 'ROLLBACK' }) {}

  async run<T>(exec: Run, fn: () => Promise<T>): Promise<T> {
    if (this.open) return fn();
    await exec(sql(this.words.begin));
    this.open = true;
    try {
      const result = await fn();
      await exec(sql(this.words.commit));
      killAfterCommitForTests();
      return result;
    } catch (err) {
      await exec(sql(this.words.rollback)).catch(() => undefined);
      throw err;
    } finally {
      this.open = false;
    }
  }
}

/**
 * DDL then DML as one unit where the target allows it (DuckDB, PostgreSQL: one transaction); where DDL cannot
 * join a transaction (BigQuery), the DDL runs first and the DML alone is atomic.
 */
export async function ddlThenDml(wh: Warehouse, ddl: readonly Statement[], dml: readonly Statement[]): Promise<void> {
  if (wh.adapter.transactionalDdl) return wh.transaction(() => runAll(wh, [...ddl, ...dml]));
  await runAll(wh, ddl);
  await wh.transaction(() => runAll(wh, dml));
}
