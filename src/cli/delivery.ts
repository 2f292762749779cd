import type { Delivery } from '../changes/outbox';
import type { Output } from './output';

/** One line about a delivery; exit 1 when the sink failed (its changes are kept). */
export function reportDelivery(d: Delivery, out: Output): number {
  if (d.status === 'error') {
    out.say(`changes → ${d.sink}: ${d.delivered} delivered, ${d.pending} kept; sink in error: ${d.error} (fix it, then 'backfill changes resume ${d.sink}')`);
  } else if (d.status === 'paused') {
    out.say(`changes → ${d.sink}: paused, ${d.pending} kept for 'backfill changes resume ${d.sink}'`);
  } else {
    out.say(`changes → ${d.sink}: ${d.delivered} delivered`);
  }
  out.event({ changes: d });
  return d.status === 'error' ? 1 : 0;
}
