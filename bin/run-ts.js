#!/usr/bin/env node
// Runs one TypeScript file (a benchmark or script) through tsx: `node bin/run-ts.js bench/x.bench.ts [args]`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bin/run-ts.js <file.ts> [args]');
  process.exit(2);
}
register();
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(resolve(file)).href);
