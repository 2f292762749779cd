/**
 * Issue 16 item 10, second review: copies tied on ingested and created time whose payloads are equal in canonical
 * text but not in stored text (`{"x":1.0}` / `{"x":1}`) must not be picked by row order. DuckDB ranks them in
 * parallel, so without a last tie-break each full refresh kept a different mix, and `check` failed right after.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, query, removeDir, seededProject, withDb } from '../helpers/cli';

let dir: string;
beforeAll(async () => {
  dir = await seededProject();
  fs.writeFileSync(path.join(dir, 'models', 'tie.sql'), '{{config event_name="Tie"}}\nselect event_id, event_created_at, {{json_value "event_data" "$.x"}} as x, user_id from {{events}}\n');
  await withDb(dir, async (q) => {
    await q(`INSERT INTO kinesis.backend_events (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at)
      SELECT 'e' || i, TIMESTAMP '2026-11-22 10:00:00', 'Tie', 'u', 'r', NULL, CAST(CASE WHEN j = 0 THEN '{"x":1.0}' ELSE '{"x":1}' END AS JSON), TIMESTAMP '2026-11-22 10:00:01'
      FROM range(3000) t(i), range(2) s(j)`);
    // Equal payloads, other columns differing: the columns decide.
    await q(`INSERT INTO kinesis.backend_events (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at)
      SELECT 'f' || i, TIMESTAMP '2026-11-22 10:00:00', 'Tie', CASE WHEN j = 0 THEN 'u-b' ELSE 'u-a' END, 'r', NULL, CAST('{"x":2}' AS JSON), TIMESTAMP '2026-11-22 10:00:01'
      FROM range(2000) t(i), range(2) s(j)`);
  });
}, 60_000);
afterAll(() => removeDir(dir));

it('every full refresh keeps the same copy (the smaller stored text, then the smaller user_id), and check passes', async () => {
  for (let round = 0; round < 3; round++) {
    const r = cli(dir, ['run', '--full-refresh', '--select', 'tie', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    const rows = await query(dir, `SELECT CAST(x AS VARCHAR) AS x, user_id, COUNT(*) AS n FROM stage.tie GROUP BY ALL ORDER BY ALL`);
    expect(rows.map((row) => ({ ...row, n: Number(row['n']) }))).toEqual([
      { x: '1.0', user_id: 'u', n: 3000 },
      { x: '2', user_id: 'u-a', n: 2000 },
    ]);
    const check = cli(dir, ['check', '--select', 'tie', '--as-of', AS_OF]);
    expect({ status: check.status, stdout: check.stdout.includes('FAIL') }).toEqual({ status: 0, stdout: false });
  }
}, 120_000);
