/**
 * Issue 21: target/run_results.json after run, run-operation, import, apply and revert (dbt's shape: metadata with generated_at and
 * invocation_id, results[] with unique_id, status, timing, execution_time, adapter_response.rows, message), written
 * when the command fails too; logs/backfill.log appended, rotated to backfill.log.1 beyond LOG_LIMIT_BYTES.
 */
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { LOG_LIMIT_BYTES } from '../../src/cli/run-results';
import { EXC, EXCL, removeDir, seededProject } from '../helpers/cli';

let dir: string;
beforeEach(async () => {
  dir = await seededProject();
});
afterEach(() => removeDir(dir));

async function backfill(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--project-dir', dir, '--as-of', '2026-11-23T12:00:00Z'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

interface Results {
  metadata: { generated_at: string; invocation_id: string };
  results: Array<{ unique_id: string; status: string; timing: Array<{ name: string; started_at: string; completed_at: string }>; execution_time: number; adapter_response: { rows: Record<string, number> }; message: string | null; operation_id: string | null }>;
  args: { command: string; exit_code: number };
}
const results = (): Results => JSON.parse(fs.readFileSync(path.join(dir, 'target', 'run_results.json'), 'utf8')) as Results;
const log = (): string => fs.readFileSync(path.join(dir, 'logs', 'backfill.log'), 'utf8');

describe('target/run_results.json and logs/backfill.log', () => {
  it('run: one result per model with its rows, then the operation; status, timing, invocation id', async () => {
    const r = await backfill(['run', '--json']);
    expect(r.code).toBe(0);
    const id = String((JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>)['operation_id']);
    const res = results();
    expect(res.metadata.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(res.metadata.generated_at)).not.toBeNaN();
    expect(res.results.map((x) => [x.unique_id, x.status])).toEqual([
      ['model.card_shipped', 'success'],
      ['model.payment_completed', 'success'],
      [`operation.${id}`, 'success'],
    ]);
    const card = res.results[0]!;
    expect(card.adapter_response.rows).toEqual({ 'stage.card_shipped': 3 });
    expect(card.timing[0]!.name).toBe('execute');
    expect(card.execution_time).toBeGreaterThanOrEqual(0);
    expect(res.results[2]!.operation_id).toBe(id);
    expect(res.results[2]!.adapter_response.rows).toEqual({ 'stage.card_shipped': 3, 'stage.payment_completed': 2 });
    expect(res.args).toMatchObject({ command: 'run', exit_code: 0 });
    expect(log()).toContain(`[${res.metadata.invocation_id}] backfill run --json`);
    expect(log()).toContain(`[${res.metadata.invocation_id}] exit 0`);
  });

  it('run-operation: rows per side table and the operation id; a failed one (exit 1) is written too', async () => {
    const ok = await backfill(['run-operation', 'add_duplicates_to_exclusions', '--args', '{stage_table_name: card_shipped, event_id: c1}']);
    expect(ok.code).toBe(0);
    const first = results();
    expect(first.results).toHaveLength(1);
    expect(first.results[0]).toMatchObject({ status: 'success', adapter_response: { rows: { [EXC]: 0, [EXCL]: 1 } } });
    expect(first.results[0]!.unique_id).toBe(`operation.${first.results[0]!.operation_id}`);
    expect(first.results[0]!.message).toBe(`${EXC} +0, ${EXCL} +1`);

    const failed = await backfill(['run-operation', 'add_duplicates_to_exclusions', '--args', '{stage_table_name: card_shipped, event_id: no_such_event}']);
    expect(failed.code).toBe(1);
    const second = results();
    expect(second.metadata.invocation_id).not.toBe(first.metadata.invocation_id);
    expect(second.results[0]).toMatchObject({ status: 'error' });
    expect(second.results[0]!.message).toMatch(/no_such_event/);
    expect(second.args.exit_code).toBe(1);
    expect(log().match(/\] exit \d/g)).toEqual(['] exit 0', '] exit 1']);
  });

  it('import: the operation with its rows', async () => {
    const f = path.join(dir, 'one.ndjson');
    fs.writeFileSync(f, `${JSON.stringify({ event_id: 'n1', event_created_at: '2026-11-22T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'S' } })}\n`);
    const r = await backfill(['import', f, '--description', 'one']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = results();
    expect(res.args.command).toBe('import');
    expect(res.results[0]).toMatchObject({ status: 'success', adapter_response: { rows: { [EXC]: 1 } } });
    expect(res.results[0]!.operation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('apply: one result per backfill file applied, then the apply with every operation id', async () => {
    fs.mkdirSync(path.join(dir, 'backfills'));
    fs.writeFileSync(path.join(dir, 'backfills', '2026_11_23_a.yml'), 'macro: add_duplicates_to_exclusions\nargs: {stage_table_name: card_shipped, event_id: c1}\ndescription: a\nauthor: ana\n');
    fs.writeFileSync(path.join(dir, 'backfills', '2026_11_23_b.yml'), 'macro: update_event_data\nargs: {stage_table_name: card_shipped, event_ids: [c2], set: {$.Status: Lost}}\ndescription: b\nauthor: ana\n');
    const r = await backfill(['apply', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ids = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { operation_ids: string[] }).operation_ids;
    const res = results();
    expect(res.args).toMatchObject({ command: 'apply', exit_code: 0 });
    expect(res.results.map((x) => [x.unique_id, x.status, x.operation_id])).toEqual([
      ['backfill.2026_11_23_a', 'success', ids[0]],
      ['backfill.2026_11_23_b', 'success', ids[1]],
      [`operation.${ids[0]}`, 'success', ids[0]],
    ]);
    expect(res.results[0]!.adapter_response.rows).toEqual({ [EXC]: 0, [EXCL]: 1 });
    expect(res.results[1]!.adapter_response.rows).toEqual({ [EXC]: 1, [EXCL]: 0 });
    expect(res.results[2]!.adapter_response.rows).toEqual({ [EXC]: 1, [EXCL]: 1 });
    expect(log()).toContain(`[${res.metadata.invocation_id}] backfill apply --json`);
  });

  it('revert: the revert operation with the rows it moved; a refused revert (exit 2) is written too', async () => {
    const op = await backfill(['run-operation', 'add_duplicates_to_exclusions', '--args', '{stage_table_name: card_shipped, event_id: c1}', '--json']);
    const target = String((JSON.parse(op.stdout.trim().split('\n').pop()!) as Record<string, unknown>)['operation_id']);
    const r = await backfill(['revert', target, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const revert = JSON.parse(r.stdout.trim().split('\n').pop()!) as { operation_id: string; rows: Record<string, number> };
    const res = results();
    expect(res.args).toMatchObject({ command: 'revert', exit_code: 0 });
    expect(res.results).toHaveLength(1);
    expect(res.results[0]).toMatchObject({ unique_id: `operation.${revert.operation_id}`, status: 'success', operation_id: revert.operation_id, adapter_response: { rows: revert.rows } });
    expect(revert.operation_id).not.toBe(target);
    const again = await backfill(['revert', target]);
    expect(again.code).toBe(2);
    expect(results().results[0]).toMatchObject({ status: 'error', message: expect.stringMatching(/already reverted/) });
  });

  it('bad usage (exit 2) replaces the results where target/ exists, creates nothing else; compile run-operation is not a run-operation', async () => {
    const fresh = await backfill(['run', '-s', 'nope']);
    expect(fresh.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
    expect((await backfill(['run'])).code).toBe(0);
    const bad = await backfill(['run', '-s', 'nope']);
    expect(bad.code).toBe(2);
    expect(results().results[0]).toMatchObject({ status: 'error', message: "--select: no model named 'nope'; models: card_shipped, payment_completed" });
    fs.rmSync(path.join(dir, 'target'), { recursive: true });
    expect((await backfill(['compile', 'run-operation', 'add_duplicates_to_exclusions', '--args', '{stage_table_name: card_shipped, event_id: c1}'])).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'target', 'run_results.json'))).toBe(false);
  });

  it('the log is bounded: beyond the limit it moves to backfill.log.1 and starts again', async () => {
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.writeFileSync(path.join(dir, 'logs', 'backfill.log'), 'x'.repeat(LOG_LIMIT_BYTES + 1));
    expect((await backfill(['run'])).code).toBe(0);
    expect(fs.statSync(path.join(dir, 'logs', 'backfill.log.1')).size).toBe(LOG_LIMIT_BYTES + 1);
    expect(log()).toMatch(/^\S+ \[[0-9a-f-]{36}\] backfill run/);
  });
});
