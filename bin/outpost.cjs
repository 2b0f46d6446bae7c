#!/usr/bin/env node
// The `outpost` package bin: runs the bundled CLI. `npm run build` makes it.
const path = require('node:path');
const fs = require('node:fs');

const bundled = path.join(__dirname, '..', 'dist', 'electron', 'cli.cjs');
if (!fs.existsSync(bundled)) {
  process.stderr.write('outpost: the CLI is not built yet; run `npm run build` in the Outpost folder first\n');
  process.exit(1);
}
require(bundled);
