import { restRows, timestampText } from '../../../src/targets/bigquery/bigquery-rows';

describe('BigQuery result rows read from REST cells', () => {
  it('timestamps to the microsecond, before and after 1970, in each format BigQuery may send', () => {
    expect(['-1', '0', '1', '-1000000', '-1500000', '1795221000999999', '1672574400000000'].map(timestampText)).toEqual([
      '1969-12-31 23:59:59.999999',
      '1970-01-01 00:00:00',
      '1970-01-01 00:00:00.000001',
      '1969-12-31 23:59:59',
      '1969-12-31 23:59:58.5',
      '2026-11-21 00:30:00.999999',
      '2023-01-01 12:00:00',
    ]);
    expect(timestampText('1969-12-31T23:59:59.999999Z')).toBe('1969-12-31 23:59:59.999999');
    expect(timestampText('2023-01-01T12:00:00.123400Z')).toBe('2023-01-01 12:00:00.1234');
    expect(timestampText('1.6725744001E9')).toBe('2023-01-01 12:00:00.1');
  });

  it('every type as the other targets give it, nulls, records and repeated fields', () => {
    const fields = [
      { name: 's', type: 'STRING' }, { name: 'i', type: 'INTEGER' }, { name: 'f', type: 'FLOAT' }, { name: 'b', type: 'BOOLEAN' },
      { name: 'd', type: 'DATE' }, { name: 'dt', type: 'DATETIME' }, { name: 'j', type: 'JSON' }, { name: 'n', type: 'STRING' },
      { name: 'days', type: 'DATE', mode: 'REPEATED' },
      { name: 'r', type: 'RECORD', fields: [{ name: 't', type: 'TIMESTAMP' }, { name: 'k', type: 'INT64' }] },
    ];
    const row = { f: [{ v: 'x' }, { v: '42' }, { v: '1.5' }, { v: 'true' }, { v: '2026-11-20' }, { v: '2026-11-20T08:00:00.500000' }, { v: '{"a":1}' }, { v: null },
      { v: [{ v: '2026-11-19' }, { v: '2026-11-20' }] }, { v: { f: [{ v: '-1' }, { v: '7' }] } }] };
    expect(restRows(fields, [row])).toEqual([{
      s: 'x', i: 42, f: 1.5, b: true, d: '2026-11-20', dt: '2026-11-20 08:00:00.5', j: '{"a":1}', n: null,
      days: ['2026-11-19', '2026-11-20'], r: { t: '1969-12-31 23:59:59.999999', k: 7 },
    }]);
  });
});
