import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes JSONL line by line, waiting when the stream's buffer is full, so a large export never sits in memory.
 * A file is created on the first line (or on `close`), so an export that fails before writing leaves no file.
 */
export function createLineSink(target: { path: string } | { stream: NodeJS.WritableStream }) {
  let stream: NodeJS.WritableStream | undefined = 'stream' in target ? target.stream : undefined;
  const ownsStream = 'path' in target;
  const open = () => (stream ??= createWriteStream((target as { path: string }).path));
  return {
    async write(line: string): Promise<void> {
      const out = open();
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    },
    /** Ends the file (an empty one when nothing was written); leaves a caller's stream open. */
    async close(): Promise<void> {
      if (!ownsStream) return;
      const out = open();
      out.end();
      await once(out, 'finish');
    },
  };
}

export type LineSink = ReturnType<typeof createLineSink>;
