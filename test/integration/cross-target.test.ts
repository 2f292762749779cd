/**
 * The same events and the same operations on every local target must give the same stage tables, row for row.
 */
import { scenario } from '../helpers/scenario';

it('DuckDB and PostgreSQL give identical stage tables for the same events and operations', async () => {
  const [duck, pg] = [await scenario('duckdb'), await scenario('postgres')];
  expect(duck['card_shipped']!.length).toBeGreaterThan(400);
  expect(duck['card_shipped']!.filter((r) => r['status'] === 'Failed').length).toBeGreaterThan(0);
  expect(duck['payment_completed']!.filter((r) => r['currency'] === 'GBP' && r['advisor_id'] === null)).toEqual([]);
  expect(duck['payment_completed']!.filter((r) => r['currency'] === 'GBP').length).toBeGreaterThan(0);
  expect(pg).toEqual(duck);
});
