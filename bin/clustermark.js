#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (npm run build); in a source checkout without a build, runs the TypeScript
// sources through tsx so that `npx clustermark` works either way.
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'server', 'cli', 'index.js');
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require('tsx/cjs');
  cli = require(path.join(__dirname, '..', 'server', 'cli', 'index.ts'));
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`clustermark: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 1;
  },
);
