// After the suite, even when tests failed: stop the PostgreSQL cluster the setup started and delete its files, and
// stop the ZetaSQL service it started.
const { stopServer } = require('./pg-server');

module.exports = async () => {
  const server = globalThis.__BACKFILL_PG_SERVER__;
  if (server) stopServer(server);
  globalThis.__BACKFILL_ZETASQL__?.stop();
};
