/** The order migrations apply in (src/compiler/project.ts byMigrationId): localeCompare's, without the collator when the numbers differ. */
import { byMigrationId } from '../../src/compiler/project';

const ids = (xs: readonly string[]): Array<{ id: string }> => xs.map((id) => ({ id }));

describe('byMigrationId', () => {
  it('orders as localeCompare does, ties on the number included', () => {
    const all = ['0011_ledger_event_days', '0002_framework_tables', '0010_event_indexes', '0001_event_tables', '0100_later', '0012_a_b', '0012_a1', '0012_ab', '0009_inserted_at_utc', '9999_last', '0000_first'];
    const expected = [...all].sort((a, b) => a.localeCompare(b));
    expect(ids(all).sort(byMigrationId).map((m) => m.id)).toEqual(expected);
    expect(ids([...all].reverse()).sort(byMigrationId).map((m) => m.id)).toEqual(expected);
  });

  it('a different number decides without comparing the rest', () => {
    expect(byMigrationId({ id: '0002_a' }, { id: '0010_a' })).toBeLessThan(0);
    expect(byMigrationId({ id: '0010_a' }, { id: '0002_z' })).toBeGreaterThan(0);
    expect(byMigrationId({ id: '0003_x' }, { id: '0003_x' })).toBe(0);
  });
});
