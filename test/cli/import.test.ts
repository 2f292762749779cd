/** `backfill import` through the real binary: hostile files never crash it; exit 0 with a summary, or 2. */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, copyProject, EXC, expectUsageError, jsonLines, removeDir, seededProject, snapshot } from '../helpers/cli';

let seeded: string;
let dir: string;
beforeAll(async () => {
  seeded = await seededProject();
});
afterAll(() => removeDir(seeded));
beforeEach(() => {
  dir = copyProject(seeded);
});
afterEach(() => removeDir(dir));

const GOOD = JSON.stringify({ event_id: 'n1', event_created_at: '2026-11-22T10:00:00Z', event_name: 'CardWasShipped', event_data: { Status: 'S' } });

it('a 100 MB line is rejected with its size, the good line is written, exit 0 with a summary', () => {
  const f = path.join(dir, 'big.ndjson');
  const fd = fs.openSync(f, 'w');
  fs.writeSync(fd, '{"event_id":"huge","x":"');
  const chunk = 'a'.repeat(1 << 20);
  for (let i = 0; i < 100; i++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, `"}\n${GOOD}\n`);
  fs.closeSync(fd);
  const r = cli(dir, ['import', f, '--description', 'big', '--json', '--as-of', AS_OF]);
  expect(r.status).toBe(0);
  expect(jsonLines(r).pop()).toMatchObject({ command: 'import', status: 'succeeded', imported: 1, rejected: 1, rows: { [EXC]: 1 } });
  expect(fs.readFileSync(`${f}.rejected.ndjson`, 'utf8')).toMatch(/"line":1,"reason":"line is 1048576\d\d bytes, more than 1000000"/);
});

it.each([
  ['an empty file', ''],
  ['a binary file', Buffer.from([0, 159, 146, 150, 255, 10, 1, 2, 3]).toString('latin1')],
  ['a CSV file', 'event_id,event_name\na,b\n'],
  ['lines that are not objects', '1\n"x"\nnull\n[]\n'],
])('%s: exit 2, one line, nothing written', async (_n, content) => {
  const f = path.join(dir, 'in.ndjson');
  fs.writeFileSync(f, content, 'latin1');
  const before = await snapshot(dir);
  expectUsageError(cli(dir, ['import', f, '--description', 'x']), /no event could be imported/);
  expect(await snapshot(dir)).toEqual(before);
});

it('usage: a missing file, no --description, or both --update and --insert exit 2', () => {
  expectUsageError(cli(dir, ['import', path.join(dir, 'nope.ndjson'), '--description', 'x']), /no such file/);
  fs.writeFileSync(path.join(dir, 'ok.ndjson'), `${GOOD}\n`);
  expectUsageError(cli(dir, ['import', path.join(dir, 'ok.ndjson')]), /description/);
  expectUsageError(cli(dir, ['import', path.join(dir, 'ok.ndjson'), '--description', 'x', '--update', '--insert']), /update and insert are mutually exclusive/);
});
