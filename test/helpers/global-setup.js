// Before the suite: build dist/ (CLI tests spawn the real binary), make sure Debian's chromium is there (report
// test), and start a throwaway PostgreSQL cluster unless
// BACKFILL_PG_URL already points at a server. Workers inherit the URL through the environment.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer } = require('./pg-server');
const { ensureChromium } = require('./chromium');

module.exports = async () => {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  ensureChromium();
  if (!process.env.BACKFILL_PG_URL) {
    const server = await startServer();
    globalThis.__BACKFILL_PG_SERVER__ = server;
    process.env.BACKFILL_PG_URL = server.url;
  }
};
