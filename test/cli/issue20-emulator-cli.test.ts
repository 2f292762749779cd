/**
 * Issue 20: `backfill emulator bigquery [--port p]` prints its endpoint, answers BigQuery REST requests by executing
 * them on ZetaSQL, and exits 0 when stopped; an unknown warehouse is bad usage.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { BIN, cli } from '../helpers/cli';

function post(url: string, body: object): Promise<{ status: number; json: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

it('serves a BigQuery endpoint that executes queries, prints it, and exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'emulator', 'bigquery', '--port', '0'], { cwd: os.tmpdir(), env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+) /.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
  });
  expect(stdout).toMatch(/^emulator: BigQuery on ZetaSQL at http:\/\/127\.0\.0\.1:\d+ \(set api_endpoint: http:\/\/127\.0\.0\.1:\d+ in a bigquery target\)/);
  const ok = await post(`${endpoint}/bigquery/v2/projects/p/queries`, { query: 'SELECT 40 + @two AS answer', parameterMode: 'NAMED', queryParameters: [{ name: 'two', parameterType: { type: 'INT64' }, parameterValue: { value: '2' } }] });
  expect(ok.status).toBe(200);
  expect(ok.json).toMatchObject({ jobComplete: true, schema: { fields: [{ name: 'answer', type: 'INTEGER' }] }, rows: [{ f: [{ v: '42' }] }] });
  const bad = await post(`${endpoint}/bigquery/v2/projects/p/queries`, { query: 'SELECT nope FROM ds.missing' });
  expect(bad.status).toBe(404);
  expect(bad.json.error.errors[0]).toMatchObject({ reason: 'notFound', message: 'Not found: Table p:ds.missing was not found in location EU' });
  const wrong = await post(`${endpoint}/bigquery/v2/projects/p/queries`, { query: "SELECT 1 = 'x'" });
  expect([wrong.status, wrong.json.error.errors[0].reason]).toEqual([400, 'invalidQuery']);
  expect(wrong.json.error.message).toMatch(/^No matching signature for operator = for argument types: INT64, STRING/);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  expect(code).toBe(0);
}, 30_000);

it('refuses a warehouse it does not emulate (exit 2)', () => {
  const res = cli(os.tmpdir(), ['emulator', 'snowflake']);
  expect(res.status).toBe(2);
  expect(res.stderr).toMatch(/snowflake/);
});
