// Before the suite: build dist/ (CLI tests spawn the real binary), make sure Debian's chromium is there (report
// test), start a throwaway PostgreSQL cluster unless BACKFILL_PG_URL already points at a server, and start ZetaSQL's
// local service (the BigQuery analyzer suites) unless BACKFILL_ZETASQL_PORT names a running one. Workers inherit
// the URL and the port through the environment.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer } = require('./pg-server');
const { ensureChromium } = require('./chromium');

module.exports = async () => {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'dist', 'compiler', 'precompile-templates.js')], { cwd: root, stdio: 'inherit' });
  // The CLI's bundle and code cache (what bin/backfill.js runs), from this build.
  execFileSync(process.execPath, [path.join(root, 'dist', 'build', 'bundle-cli.js')], { cwd: root, stdio: 'inherit' });
  ensureChromium();
  if (!process.env.BACKFILL_PG_URL) {
    const server = await startServer();
    globalThis.__BACKFILL_PG_SERVER__ = server;
    process.env.BACKFILL_PG_URL = server.url;
  }
  if (!process.env.BACKFILL_ZETASQL_PORT) {
    // One supervised service for the whole suite (restarted on the same port if it dies); ~1 s to start.
    const { ZetasqlService } = require(path.join(root, 'dist/zetasql/service'));
    const zetasql = new ZetasqlService((line) => process.stderr.write(`${line}\n`));
    try {
      await zetasql.start();
      globalThis.__BACKFILL_ZETASQL__ = zetasql;
      process.env.BACKFILL_ZETASQL_PORT = String(zetasql.port);
    } catch (err) {
      // Without the optional package the other suites still run; the analyzer suites fail with its message.
      process.stderr.write(`ZetaSQL service not started: ${err.message}\n`);
    }
  }
};
