#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx so there is no build step to forget.
import { register } from 'tsx/esm/api';

// `selfplay … | head` closes the pipe early: that is a normal way to stop reading, not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
