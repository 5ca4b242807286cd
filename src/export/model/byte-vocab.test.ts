import { describe, expect, it } from 'vitest';
import { byteSymbols, exportVocab, suppressedIds } from './byte-vocab.ts';

describe('byte vocabulary', () => {
  it('is GPT-2’s byte-to-unicode table: known entries, one visible character per byte, all distinct', () => {
    const symbols = byteSymbols();
    // Entries anyone can see in GPT-2's vocab.json: Ā = byte 0, Ċ = newline, Ġ = space, ġ = DEL, ł = NBSP, Ń = soft hyphen.
    const known: [number, string][] = [
      [0x00, 'Ā'],
      [0x0a, 'Ċ'],
      [0x20, 'Ġ'],
      [0x21, '!'],
      [0x7e, '~'],
      [0x7f, 'ġ'],
      [0xa0, 'ł'],
      [0xa1, '¡'],
      [0xad, 'Ń'],
      [0xff, 'ÿ'],
    ];
    for (const [byte, symbol] of known) expect(symbols[byte], `byte ${byte}`).toBe(symbol);
    expect(symbols.every((s) => [...s].length === 1 && s.trim() === s)).toBe(true);
    expect(new Set(symbols).size).toBe(256);
  });

  it('gives every id a unique string and suppresses exactly what free decoding never samples', () => {
    const vocab = exportVocab(262);
    expect(vocab.slice(255).map((t) => [t.text, t.role])).toEqual([
      ['ÿ', 'byte'],
      ['<|bos|>', 'special'],
      ['<|endoftext|>', 'special'],
      ['<|pad|>', 'special'],
      ['<|reserved_259|>', 'reserved'],
      ['<|reserved_260|>', 'reserved'],
      ['<|reserved_261|>', 'reserved'],
    ]);
    expect(suppressedIds(259)).toEqual([256, 258]);
    expect(suppressedIds(262)).toEqual([256, 258, 259, 260, 261]);
  });
});
