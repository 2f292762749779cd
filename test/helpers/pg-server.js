// A throwaway PostgreSQL cluster for the tests: initdb into a temporary directory, pg_ctl on a free 127.0.0.1
// port, trust authentication, stopped (and deleted) by the global teardown. As root, it runs as user postgres.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function findBin(name) {
  const dirs = (process.env.PATH || '').split(':');
  const versions = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  for (const dir of [...versions, ...dirs]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`${name} not found (looked in /usr/lib/postgresql/*/bin and PATH): install Debian's postgresql package (.ci/run does)`);
}

/** A role that needs a password: `PASSWORD` is right, anything else is refused. */
const PASSWORD_USER = 'backfill_pw';
const PASSWORD = 'right-password';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function asPostgres(bin, args) {
  const isRoot = process.getuid && process.getuid() === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: 'pipe', encoding: 'utf8' });
}

async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid && process.getuid() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  asPostgres(findBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const port = await freePort();
  const opts = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  // One role signs in with a password (scram), so tests can check what a wrong password does; the rest trust.
  const hba = path.join(data, 'pg_hba.conf');
  fs.writeFileSync(hba, `host all ${PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n${fs.readFileSync(hba, 'utf8')}`);
  asPostgres(findBin('pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  asPostgres(findBin('psql'), ['-d', url, '-q', '-c', `CREATE ROLE ${PASSWORD_USER} LOGIN PASSWORD '${PASSWORD}'`]);
  asPostgres(findBin('psql'), ['-d', url, '-q', '-c', `GRANT CREATE ON DATABASE postgres TO ${PASSWORD_USER}`]);
  return { dir, data, url };
}

function stopServer(server) {
  try {
    asPostgres(findBin('pg_ctl'), ['-D', server.data, '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

module.exports = { startServer, stopServer, PASSWORD_USER, PASSWORD };
