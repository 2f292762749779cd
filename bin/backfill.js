#!/usr/bin/env node
'use strict';
// The build's one-file bundle of dist/cli/main.js (src/build/bundle-cli.ts), else (tsc alone) dist/cli/main.js.
let cli;
try {
  cli = require('../dist/cli/backfill.bundle.js');
} catch (e) {
  if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes('backfill.bundle.js')) throw e;
  cli = require('../dist/cli/main.js');
}
cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
