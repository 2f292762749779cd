/**
 * `backfill compile` runs anywhere (e.g. CI on untrusted branches): it loads no warehouse driver, no native binding,
 * no cloud SDK, no database client. Each of them throws here the moment it is loaded.
 */
jest.mock('@duckdb/node-api', () => {
  throw new Error('driver loaded: @duckdb/node-api');
});
jest.mock('@google-cloud/bigquery', () => {
  throw new Error('driver loaded: @google-cloud/bigquery');
});
jest.mock('@google-cloud/pubsub', () => {
  throw new Error('driver loaded: @google-cloud/pubsub');
});
jest.mock('knex', () => {
  throw new Error('driver loaded: knex');
});
jest.mock('pg', () => {
  throw new Error('driver loaded: pg');
});

import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { offlineProject } from '../helpers/offline-project';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MIGRATIONS = fs.readdirSync(path.join(REPO_ROOT, 'migrations')).filter((f) => f.endsWith('.sql'));

describe('backfill compile loads no warehouse driver', () => {
  let dir: string;
  beforeAll(() => {
    dir = offlineProject('nodriver', ['card_shipped']);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['local', 'pg', 'bq'])('compiles the %s target', async (target) => {
    let stderr = '';
    const code = await main(['compile', '--target', target, '--project-dir', dir], { stdout: () => undefined, stderr: (s) => (stderr += s) });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = path.join(dir, 'target', 'compiled', target);
    expect(fs.readdirSync(path.join(out, 'models'))).toEqual(['card_shipped.sql']);
    expect(fs.readdirSync(path.join(out, 'migrations')).sort()).toEqual([...MIGRATIONS].sort());
    const model = fs.readFileSync(path.join(out, 'models', 'card_shipped.sql'), 'utf8');
    // Each in its own dialect: BigQuery quotes names with backticks, the others with double quotes.
    expect(model.includes('`')).toBe(target === 'bq');
    expect(fs.existsSync(path.join(dir, 'warehouse.duckdb'))).toBe(false);
  });
});
