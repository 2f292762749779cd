/**
 * A throwaway PostgreSQL cluster (the tests' and the bench's): initdb into a temporary directory, pg_ctl on a free
 * 127.0.0.1 port, trust authentication, durability off (fsync, full_page_writes, synchronous_commit: a cluster that
 * is deleted when stopped). As root, the server runs as user postgres.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgServer {
  readonly dir: string;
  readonly data: string;
  readonly url: string;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** A PostgreSQL program from Debian's newest /usr/lib/postgresql/<version>/bin, else from PATH. */
export function pgBin(name: string): string {
  const dirs = (process.env['PATH'] ?? '').split(':');
  const versions = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  for (const dir of [...versions, ...dirs]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`${name} not found (looked in /usr/lib/postgresql/*/bin and PATH): install Debian's postgresql package (.ci/run does)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a PostgreSQL program (as user postgres when we are root) and returns its output. */
export function asPostgres(bin: string, args: readonly string[]): string {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]];
  return execFileSync(cmd, argv, { stdio: 'pipe', encoding: 'utf8' });
}

/**
 * Starts a cluster; `settings` are extra `-c name=value` server settings, `hba` lines go before the trusting ones.
 * The URL names the postgres superuser and database.
 */
export async function startPgServer(opts: { settings?: Readonly<Record<string, string>>; hba?: readonly string[] } = {}): Promise<PgServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-pg-'));
  const data = path.join(dir, 'data');
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  asPostgres(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const port = await freePort();
  const settings = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...opts.settings };
  const options = [`-p ${port} -h 127.0.0.1 -k ${dir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  const hba = path.join(data, 'pg_hba.conf');
  if (opts.hba?.length) fs.writeFileSync(hba, `${opts.hba.join('\n')}\n${fs.readFileSync(hba, 'utf8')}`);
  asPostgres(pgBin('pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return { dir, data, url: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

/** Stops the cluster at once and deletes its directory. */
export function stopPgServer(server: PgServer): void {
  try {
    asPostgres(pgBin('pg_ctl'), ['-D', server.data, '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}
