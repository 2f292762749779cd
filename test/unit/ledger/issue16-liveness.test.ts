/**
 * Issue 16 item 5, targets without session locks (BigQuery): whether a `running` entry's process is alive is told
 * by host, PID and process start time (a reused PID is not the old process); another host cannot be checked.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { operationAlive, thisProcess } from '../../../src/ledger/liveness';
import type { Warehouse } from '../../../src/targets/warehouse';

/** A warehouse without session locks (as BigQuery): liveness never queries it. */
const noLocks = { adapter: { sessionLocks: false } } as unknown as Warehouse;
let n = 0;
const entry = (over: Record<string, unknown>): Record<string, unknown> => ({ operation_id: `liveness-${++n}`, run_by: 'x', host: os.hostname(), ...over });

it('this host: a live PID with its recorded start is alive; a gone PID, or a reused one (other start), is not', async () => {
  const me = thisProcess();
  expect(me.process_started).toMatch(/^[0-9a-f-]+:\d+$/);
  expect(await operationAlive(noLocks, entry({ pid: me.pid, process_started: me.process_started }))).toBe(true);
  expect(await operationAlive(noLocks, entry({ pid: me.pid, process_started: 'another-boot:12345' }))).toBe(false);
  const ended = spawnSync(process.execPath, ['-e', '']).pid!;
  expect(await operationAlive(noLocks, entry({ pid: ended, process_started: null }))).toBe(false);
});

it('another host, or no PID recorded (hand-written rows): cannot be checked, counts as alive', async () => {
  expect(await operationAlive(noLocks, entry({ host: 'elsewhere', pid: 1 }))).toBe(true);
  expect(await operationAlive(noLocks, entry({ pid: null }))).toBe(true);
});

it('where the target has session locks, the lock decides: held means alive, free means gone', async () => {
  const held = { adapter: { sessionLocks: true }, lock: async () => Promise.reject(new Error('locked by another session')) } as unknown as Warehouse;
  const free = { adapter: { sessionLocks: true }, lock: async () => async () => undefined } as unknown as Warehouse;
  const me = thisProcess();
  expect(await operationAlive(held, entry({ host: 'elsewhere', pid: 7 }))).toBe(true);
  expect(await operationAlive(free, entry({ pid: me.pid, process_started: me.process_started }))).toBe(false);
});
