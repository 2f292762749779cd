/**
 * Issue 16 item 15, second review: the event-name presence check must not refuse a run whose stage table empties for
 * a legitimate reason: the name's only events came from an `import --insert` that was then reverted (its rows sit in
 * backfill.exceptions_archive). Refusing there failed every scheduled run and left a stale row in the stage table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, jsonLines, query, removeDir, seededProject } from '../helpers/cli';

let dir: string;
beforeAll(async () => {
  dir = await seededProject();
  fs.writeFileSync(path.join(dir, 'models', 'new_thing.sql'), '{{config event_name="NewThing"}}\nselect event_id, event_created_at, user_id from {{events}}\n');
  fs.writeFileSync(path.join(dir, 'n.ndjson'), `${JSON.stringify({ event_id: 'n1', event_name: 'NewThing', event_created_at: '2026-11-22T10:00:00Z', user_id: 'u9' })}\n`);
}, 60_000);
afterAll(() => removeDir(dir));

it('a reverted import of a name\'s only events: the next plain run empties its stage table, exit 0, and check passes', async () => {
  const imported = cli(dir, ['import', path.join(dir, 'n.ndjson'), '--insert', '--description', 'n', '--as-of', AS_OF, '--json']);
  expect(imported.status).toBe(0);
  const id = String(jsonLines(imported).at(-1)!['operation_id']);
  expect(cli(dir, ['run', '--as-of', AS_OF]).status).toBe(0);
  expect(await query(dir, 'SELECT event_id FROM stage.new_thing')).toEqual([{ event_id: 'n1' }]);
  expect(cli(dir, ['revert', id, '--as-of', AS_OF]).status).toBe(0);
  const run = cli(dir, ['run', '--as-of', AS_OF]);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(await query(dir, 'SELECT event_id FROM stage.new_thing')).toEqual([]);
  expect(cli(dir, ['check', '--as-of', AS_OF]).status).toBe(0);
  // A name that never had an event is still refused.
  fs.writeFileSync(path.join(dir, 'models', 'card_shipped.sql'), fs.readFileSync(path.join(dir, 'models', 'card_shipped.sql'), 'utf8').replace('CardWasShipped', 'CardWasShiped'));
  expect(cli(dir, ['run', '--select', 'card_shipped', '--as-of', AS_OF]).status).toBe(1);
}, 120_000);
