import { describe, expect, it } from 'vitest';
import { jsonLines } from './json-lines.ts';

describe('jsonLines', () => {
  it('parses every non-blank line with its 1-based number, and keeps the error of a line that is not JSON', () => {
    const lines = jsonLines('{"a":1}\n\n  \n[2, 3]\n{oops\n');
    expect(lines.map((l) => l.line)).toEqual([1, 4, 5]);
    expect(lines[0]).toEqual({ line: 1, value: { a: 1 } });
    expect(lines[1]).toEqual({ line: 4, value: [2, 3] });
    expect(lines[2]!.error).toBeInstanceOf(SyntaxError);
  });
});
