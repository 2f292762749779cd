/**
 * `backfill lint <file.sql>`: an analyst's BigQuery SQL analyzed by ZetaSQL against the project's tables, without a
 * connection. The runbook's hand-written correction passes (its JSON_SET create_if_missing => true is left out of
 * the analysis, and said so); a misspelled column or a STRING compared with a TIMESTAMP fails with ZetaSQL's message
 * at its line and column, exit 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { exampleModels } from '../helpers/compile-context';

const RUNBOOK = `-- Mark the card shipments of one user as failed (runbook step 4)
insert into s3.backend_events_exceptions (event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id, event_data, event_ingested_at, exception_added_timestamp, exception_description, is_event_update)
select event_id, event_created_at, event_name, user_id, event_external_reference_id, event_advisor_id,
  json_set(event_data, '$.Status', 'Failed', create_if_missing => true),
  event_ingested_at, current_timestamp(), 'card never left the warehouse', true
from kinesis.backend_events
where event_name = 'CardWasShipped'
  and user_id = 'u-42'
  and event_created_at >= timestamp '2026-11-01' and event_created_at < timestamp '2026-11-08';
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-lint-'));
  fs.writeFileSync(path.join(dir, 'backfill.yml'), ['name: lint', 'targets:', '  local: { type: duckdb, path: warehouse.duckdb }', '  bq: { type: bigquery, project: dw-prod-gwiiag, location: EU }', ''].join('\n'));
  fs.mkdirSync(path.join(dir, 'models'));
  for (const [name, sql] of Object.entries(exampleModels())) fs.writeFileSync(path.join(dir, 'models', `${name}.sql`), sql);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function lint(sql: string, target = 'bq'): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(dir, 'fix.sql');
  fs.writeFileSync(file, sql);
  let stdout = '';
  let stderr = '';
  const code = await main(['lint', file, '--target', target, '--project-dir', dir], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('backfill lint', () => {
  it("passes the runbook's hand-written correction, saying create_if_missing was left out", async () => {
    const r = await lint(RUNBOOK);
    const all = r.stdout + r.stderr;
    expect(all).toContain("line 4: JSON_SET's create_if_missing => true left out of the analysis");
    expect(all).toContain('1 statements analyzed by ZetaSQL, 0 errors');
    expect(r.code).toBe(0);
  });

  it('fails on a misspelled column, with the line and column', async () => {
    const r = await lint(RUNBOOK.replace("and user_id = 'u-42'", "and usr_id = 'u-42'"));
    expect(r.stdout + r.stderr).toMatch(/fix\.sql:8:7: Unrecognized name: usr_id/);
    expect(r.code).toBe(1);
  });

  it('fails on a STRING compared with a TIMESTAMP', async () => {
    const r = await lint(RUNBOOK.replace("and user_id = 'u-42'", 'and user_id = event_created_at'));
    expect(r.stdout + r.stderr).toMatch(/fix\.sql:8:7: No matching signature for operator = for argument types: STRING, TIMESTAMP/);
    expect(r.code).toBe(1);
  });

  it('goes on after a failing statement: each error is reported, later statements still analyzed', async () => {
    const r = await lint(`SELECT nope FROM kinesis.backend_events;\nSELECT event_id FROM kinesis.backend_events;\nSELECT 1 + 'a';\n`);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/fix\.sql:1:8: Unrecognized name: nope/);
    expect(out).toMatch(/fix\.sql:3:12: Could not cast literal "a" to type DATE/);
    expect(out).toContain('3 statements analyzed by ZetaSQL, 2 errors');
    expect(r.code).toBe(1);
  });

  it('knows what an earlier statement created, and counts columns in characters after multi-byte text', async () => {
    const ok = await lint(`CREATE TABLE scratch.ids AS SELECT event_id FROM kinesis.backend_events;\nSELECT event_id FROM scratch.ids WHERE event_id <> 'héllo wörld';\n`);
    expect(ok.stdout + ok.stderr).toContain('2 statements analyzed by ZetaSQL, 0 errors');
    expect(ok.code).toBe(0);
    const bad = await lint(`SELECT 'déjà vu';\nSELECT 'ü', nope FROM kinesis.backend_events;\n`);
    expect(bad.stdout + bad.stderr).toMatch(/fix\.sql:2:13: Unrecognized name: nope/);
    expect(bad.code).toBe(1);
  });

  it('refuses a target that is not BigQuery, and a missing file (exit 2, one line)', async () => {
    const wrong = await lint('SELECT 1', 'local');
    expect(wrong.stderr).toBe("error: lint: target 'local' is not a BigQuery target; pick one with --target\n");
    expect(wrong.code).toBe(2);
    let stderr = '';
    const code = await main(['lint', path.join(dir, 'nope.sql'), '--target', 'bq', '--project-dir', dir], { stdout: () => undefined, stderr: (s) => (stderr += s) });
    expect(stderr).toMatch(/^error: lint: .*nope\.sql does not exist; give the path of a \.sql file\n$/);
    expect(code).toBe(2);
  });
});
