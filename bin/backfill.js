#!/usr/bin/env node
'use strict';
// The build's one-file bundle of the CLI from its code cache (src/build/load-bundle.ts), else dist/cli/main.js.
const { loadCli } = require('../dist/build/load-bundle.js');
const argv = process.argv.slice(2);
loadCli(argv).main(argv).then((code) => { process.exitCode = code; });
