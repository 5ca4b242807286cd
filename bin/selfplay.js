#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx so there is no build step to forget.
import { register } from 'tsx/esm/api';

// `selfplay … | head` closes the pipe early: that is a normal way to stop reading, not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
// Node 20 keeps relaxed SIMD (the FMA matmul of the built-in LM) behind a V8 flag; turning it on here, before
// any kernel is compiled, is enough (src/lm/kernels/README.md). Node 22+ has it on already.
const { enableRelaxedSimd } = await import('../src/lm/kernels/relaxed-simd.ts');
enableRelaxedSimd();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
