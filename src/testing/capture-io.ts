import { PassThrough } from 'node:stream';
import type { CliIo } from '../cli/io.ts';

/** A `CliIo` whose output is collected in strings and whose stdin is fed from `input`. */
export function captureIo(input = ''): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => {
    out += String(d);
  });
  stderr.on('data', (d) => {
    err += String(d);
  });
  const stdin = new PassThrough();
  stdin.end(input);
  return { stdout, stderr, stdin, interactive: false, out: () => out, err: () => err };
}
