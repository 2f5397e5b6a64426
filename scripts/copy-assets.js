#!/usr/bin/env node
'use strict';
// After `tsc`, copy what the compiled server reads from disk beside its JavaScript in dist/: the
// report fonts, the page templates and the static files. (tsc copies only imported JSON.)
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
for (const dir of ['reports/fonts', 'server/web/views', 'server/web/static']) {
  const from = path.join(root, dir);
  if (!fs.existsSync(from)) continue;
  fs.cpSync(from, path.join(root, 'dist', dir), { recursive: true });
}
