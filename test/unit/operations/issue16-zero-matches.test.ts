/** Issue 16 item 15, the pure parts: nearest event names, and the `reports_unmatched` front matter flag. */
import { macroHeader } from '../../../src/compiler/macro-args';
import { editDistance, nearestNames } from '../../../src/suggest';
import { namedIds } from '../../../src/operations/unmatched-ids';

describe('nearestNames', () => {
  it('puts the one-letter slip first, then the next closest; names sharing nothing are not offered', () => {
    expect(editDistance('CardWasShiped', 'CardWasShipped')).toBe(1);
    expect(editDistance('cardwasshipped', 'CardWasShipped'.toLowerCase())).toBe(0);
    expect(nearestNames('CardWasShiped', ['UserSignedUp', 'CardWasShown', 'PaymentCompleted', 'CardWasShipped', 'CardWasShipped', 'ZZ'])).toEqual([
      'CardWasShipped',
      'CardWasShown',
    ]);
    expect(nearestNames('CardWasShipd', ['CardWasShipped', 'CardWasShippedX', 'CardWasShown', 'CardWasShipe'])).toEqual(['CardWasShipe', 'CardWasShipped', 'CardWasShippedX']);
    expect(nearestNames('X', [])).toEqual([]);
  });
});

describe('reports_unmatched', () => {
  const header = (extra: Record<string, unknown>) =>
    macroHeader.safeParse({ args: { event_id: { type: 'event_id' }, event_ids: { type: 'event_ids' }, note: { type: 'string' } }, ...extra });

  it('names arguments of type event_id/event_ids; their ids are collected once each', () => {
    const h = header({ reports_unmatched: ['event_id', 'event_ids'] });
    expect(h.success).toBe(true);
    expect(namedIds(h.data!, { event_id: 'a', event_ids: ['b', 'a', 'c'], note: 'x' })).toEqual(['a', 'b', 'c']);
    expect(namedIds(header({}).data!, { event_id: 'a' })).toEqual([]);
  });

  it('refuses an argument that is not an id, or not declared', () => {
    for (const bad of ['note', 'nope']) {
      const h = header({ reports_unmatched: [bad] });
      expect(h.success).toBe(false);
      expect(h.error!.issues[0]).toMatchObject({ path: ['reports_unmatched', 0], message: `'${bad}' must be an argument of type event_id or event_ids` });
    }
  });
});
