// The tests' throwaway PostgreSQL cluster: src/bench/pg-server.ts (built into dist/ by the global setup before it
// starts one), plus a role that needs a password, so tests can check what a wrong password does; the rest trust.
const path = require('node:path');

/** A role that needs a password: `PASSWORD` is right, anything else is refused. */
const PASSWORD_USER = 'backfill_pw';
const PASSWORD = 'right-password';

const server = () => require(path.resolve(__dirname, '../../dist/bench/pg-server'));

async function startServer() {
  const { startPgServer, asPostgres, pgBin } = server();
  const started = await startPgServer({ hba: [`host all ${PASSWORD_USER} 127.0.0.1/32 scram-sha-256`] });
  asPostgres(pgBin('psql'), ['-d', started.url, '-q', '-c', `CREATE ROLE ${PASSWORD_USER} LOGIN PASSWORD '${PASSWORD}'`]);
  asPostgres(pgBin('psql'), ['-d', started.url, '-q', '-c', `GRANT CREATE ON DATABASE postgres TO ${PASSWORD_USER}`]);
  return started;
}

function stopServer(started) {
  server().stopPgServer(started);
}

module.exports = { startServer, stopServer, PASSWORD_USER, PASSWORD };
