import { runnerStatements, type RunContext } from '../compiler/statements';
import type { Warehouse } from '../targets/warehouse';
import { LOAD_EVENTS } from './sql';

/** One row of the original table. */
export interface EventRow {
  readonly event_id: string;
  readonly event_created_at: Date;
  readonly event_name: string;
  readonly user_id: string | null;
  readonly event_external_reference_id: string | null;
  readonly event_advisor_id: string | null;
  readonly event_data: Record<string, unknown> | null;
  readonly event_ingested_at: Date | null;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same events everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface SampleOptions {
  readonly seed: number;
  readonly count: number;
  readonly days: number;
  readonly asOf: Date;
  /** Share of events delivered twice (same event_id, ingested later). */
  readonly duplicateRate: number;
  /** Share of payments sent again under a new event id (same transaction id). */
  readonly businessDuplicateRate: number;
}

const CARRIERS = ['DHL', 'UPS', 'PostNL', 'DPD'];
const COUNTRIES = ['NL', 'DE', 'FR', 'ES', 'IT'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'GBP'];

/** Realistic events: cards shipped, payments, sign-ups and card activations, with duplicate deliveries. */
export function sampleEvents(o: SampleOptions): EventRow[] {
  const rand = prng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const start = Date.UTC(o.asOf.getUTCFullYear(), o.asOf.getUTCMonth(), o.asOf.getUTCDate()) - (o.days - 1) * 86_400_000;
  const rows: EventRow[] = [];
  for (let i = 0; i < o.count; i++) {
    const created = new Date(start + Math.floor(rand() * o.days * 86_400_000));
    const ingested = new Date(created.getTime() + 1_000 + Math.floor(rand() * 120_000));
    const user = `user-${Math.floor(rand() * 400)}`;
    const kind = rand();
    let row: EventRow;
    if (kind < 0.35) {
      row = {
        event_id: uuid(rand), event_created_at: created, event_name: 'CardWasShipped', user_id: user,
        event_external_reference_id: `card-${Math.floor(rand() * 1e6)}`, event_advisor_id: null,
        event_data: { Status: rand() < 0.9 ? 'Shipped' : 'Pending', Carrier: pick(CARRIERS), Address: { Country: pick(COUNTRIES) }, ShippedAt: created.toISOString() },
        event_ingested_at: ingested,
      };
    } else if (kind < 0.75) {
      row = {
        event_id: uuid(rand), event_created_at: created, event_name: 'PaymentCompleted', user_id: user,
        event_external_reference_id: `tx-${Math.floor(rand() * 1e9)}`, event_advisor_id: rand() < 0.3 ? `adv-${Math.floor(rand() * 20)}` : null,
        event_data: { Amount: Math.round(rand() * 50_000) / 100, Currency: pick(CURRENCIES), Status: 'Completed', Attempt: 1 },
        event_ingested_at: ingested,
      };
    } else if (kind < 0.9) {
      row = {
        event_id: uuid(rand), event_created_at: created, event_name: 'UserSignedUp', user_id: user,
        event_external_reference_id: null, event_advisor_id: null,
        event_data: { Channel: pick(['web', 'ios', 'android']), Country: pick(COUNTRIES) }, event_ingested_at: ingested,
      };
    } else {
      row = {
        event_id: uuid(rand), event_created_at: created, event_name: 'CardActivated', user_id: user,
        event_external_reference_id: `card-${Math.floor(rand() * 1e6)}`, event_advisor_id: null,
        event_data: { Method: pick(['app', 'atm']) }, event_ingested_at: ingested,
      };
    }
    rows.push(row);
    if (rand() < o.duplicateRate) {
      rows.push({ ...row, event_ingested_at: new Date(ingested.getTime() + 30_000 + Math.floor(rand() * 600_000)) });
    }
    if (row.event_name === 'PaymentCompleted' && rand() < o.businessDuplicateRate) {
      const retried = new Date(created.getTime() + 5_000 + Math.floor(rand() * 3_600_000));
      rows.push({ ...row, event_id: uuid(rand), event_created_at: retried, event_ingested_at: new Date(retried.getTime() + 2_000), event_data: { ...row.event_data, Attempt: 2 } });
    }
  }
  return rows;
}

/** Appends rows to the original table, in batches of multi-row INSERTs. */
export async function loadEvents(wh: Warehouse, ctx: RunContext, rows: readonly EventRow[], batchSize = 500): Promise<void> {
  await wh.transaction(async () => {
    for (let i = 0; i < rows.length; i += batchSize) {
      for (const s of runnerStatements(ctx, LOAD_EVENTS, { rows: rows.slice(i, i + batchSize) })) await wh.run(s);
    }
  });
}
