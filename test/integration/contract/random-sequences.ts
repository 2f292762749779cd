/**
 * Random sequences of operations and reverts (seeded): after every step, a plain targeted `run` must give exactly the stage
 * table a full refresh gives, and both must equal SPEC §3 computed independently in TypeScript.
 * Redelivered copies arrive as a stream delivers them (ingested now); late rows landing in days outside the
 * window are the one thing a targeted run does not look for (SPEC §5 plans from the side tables only).
 */
import { prng } from '../../../src/demo/sample-events';
import { UsageError } from '../../../src/errors';
import { revertOperation } from '../../../src/revert/revert';
import { contextFor, event, TestWarehouse, type TargetKind } from '../../helpers/project';
import { referenceEffective, referenceSummary, stageSummary } from '../../helpers/reference';

const START = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

/**
 * With `window` (vars.dedup_window_days = 4), every redelivered copy lands within 4 days of the event's first copy,
 * as that setting promises, so day-limited rebuilds only look for copies and moved keys in the widened days.
 */
async function randomSequence(target: TargetKind, seed: number, steps: number, window = false): Promise<void> {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let now = START + 20 * DAY;
  const t = await TestWarehouse.create(new Date(now), { target });
  if (window) t.ctx = contextFor(t.dir, t.ctx.asOf, '{dedup_window_days: 4}');
  const ids = Array.from({ length: 12 }, (_, i) => `ev-${seed}-${i}`);
  const at = (): string => new Date(START + Math.floor(rand() * 25) * DAY + Math.floor(rand() * 4) * 3_600_000).toISOString();
  const stamp = (): string => new Date(now + Math.floor(rand() * 3) * 1000).toISOString().replace('T', ' ').replace('Z', '');
  const ops: string[] = [];
  const firstAt = new Map(ids.map((id) => [id, at()]));
  // A redelivered copy: anywhere in the 25 days, or within the dedup window of the first copy.
  const copyAt = (id: string): string => (window ? new Date(Date.parse(firstAt.get(id)!) + Math.floor(rand() * 9 - 4) * DAY).toISOString() : at());
  try {
    await t.load(ids.map((id) => event({ event_id: id, event_created_at: firstAt.get(id)!, event_ingested_at: new Date(START), event_data: { Status: 'Shipped', Carrier: pick(['DHL', 'UPS']) } })));
    await t.run();
    for (let step = 0; step < steps; step++) {
      const id = pick(ids);
      const action = Math.floor(rand() * 8);
      const record = async (p: Promise<{ operation_id: string }>): Promise<void> => {
        ops.push((await p).operation_id);
      };
      if (action === 0) await record(t.op('update_event_data', { stage_table_name: 'card_shipped', event_ids: [id, pick(ids)], set: { '$.Status': pick(['Failed', 'Lost', 'Shipped']) }, description: `s${step}` }));
      if (action === 1) await record(t.op('add_duplicates_to_exclusions', { stage_table_name: 'card_shipped', event_id: id, description: `s${step}` }));
      if (action === 2) await t.load([event({ event_id: id, event_created_at: copyAt(id), event_ingested_at: new Date(now + step * 1000), event_data: { Status: `dup${step}` } })]);
      if (action === 3) await t.op('remove_duplicates_by_event_id', { stage_table_name: 'card_shipped', lookback_days: 30 });
      if (action === 4) {
        // A hand-written exception that moves the event (same timestamp as an exclusion sometimes: ties).
        await t.query(`INSERT INTO s3.backend_events_exceptions (event_id, event_created_at, event_name, event_data, exception_added_timestamp, exception_description, is_event_update)
          VALUES ('${id}', TIMESTAMP '${at().replace('T', ' ').replace('Z', '')}', 'CardWasShipped', ${t.ctx.compiled.env.dialect.jsonLiteral(`{"Status":"Moved${step}"}`)}, TIMESTAMP '${stamp()}', 'hand', TRUE)`);
      }
      if (action === 5) {
        await t.query(`INSERT INTO s3.backend_events_exclusions (event_id, event_created_at, event_name, exclusion_added_timestamp, exclusion_description)
          VALUES ('${id}', TIMESTAMP '${at().replace('T', ' ').replace('Z', '')}', 'CardWasShipped', TIMESTAMP '${stamp()}', 'hand')`);
      }
      if (action === 6) await record(t.op('remove_duplicates_by_business_id', { stage_table_name: 'card_shipped', business_key: '$.Carrier', lookback_days: 30 }));
      if (action === 7 && ops.length > 0) {
        // Revert (or un-revert) an earlier operation; one already reverted is refused and changes nothing.
        const r = await revertOperation(t.wh, t.ctx, pick(ops), { force: true }).catch((e: unknown) => (e instanceof UsageError ? null : Promise.reject(e)));
        if (r) ops.push(r.operation_id);
      }
      if (rand() < 0.3) now += DAY;
      t.at(new Date(now));
      if (rand() < 0.5 && step < steps - 1) continue; // several operations may pile up between runs
      await t.run();
      const incremental = await t.stage('card_shipped');
      const expected = referenceSummary(await referenceEffective(t, 'CardWasShipped'));
      expect({ step, stage: stageSummary(incremental) }).toEqual({ step, stage: expected });
      await t.run({ fullRefresh: true });
      expect({ step, stage: await t.stage('card_shipped') }).toEqual({ step, stage: incremental });
    }
  } finally {
    await t.close();
  }
}

/**
 * Registers the seeded sequences for one target: `steps` operations each (fewer on a slow target: the BigQuery
 * emulator), within `timeoutMs` per sequence.
 */
export function randomSequencesContract(target: TargetKind, seeds: readonly number[], windowSeeds: readonly number[] = [], opts: { steps?: number; timeoutMs?: number } = {}): void {
  const { steps = 25, timeoutMs = 120_000 } = opts;
  describe('random operation sequences', () => {
    it.each(seeds.map((s) => [s]))(`seed %i: targeted run = full refresh = SPEC §3 reference (${steps} steps)`, async (seed) => {
      await randomSequence(target, seed, steps);
    }, timeoutMs);
    if (windowSeeds.length > 0) it.each(windowSeeds.map((s) => [s]))(`seed %i, dedup_window_days 4: targeted run = full refresh = SPEC §3 reference (${steps} steps)`, async (seed) => {
      await randomSequence(target, seed, steps, true);
    }, timeoutMs);
  });
}
