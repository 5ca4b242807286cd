import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { captureIo } from '../testing/capture-io.ts';

describe('selfplay dashboard / report usage', () => {
  it('rejects a bad port or a stray argument with exit code 2 and the usage', async () => {
    for (const args of [
      ['dashboard', '--port', 'eighty'],
      ['dashboard', '--port', '70000'],
      ['dashboard', 'runs'],
      ['report'],
    ]) {
      const io = captureIo();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toContain(`selfplay ${args[0]}`);
    }
  });

  it('lists both commands in the help', async () => {
    const io = captureIo();
    await main(['help'], io);
    expect(io.out()).toMatch(/dashboard +serve a local web page/);
    expect(io.out()).toMatch(/report +write one run as a self-contained HTML page/);
  });
});
