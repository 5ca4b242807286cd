import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOS_ID, decode, EOS_ID, encode, encodeWithBos, PAD_ID, toBytes, VOCAB_SIZE } from './tokenizer.ts';

describe('byte tokenizer', () => {
  it('round-trips any well-formed Unicode text exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const ids = encode(text);
        expect(ids.every((id) => id >= 0 && id < 256)).toBe(true);
        expect(decode(ids)).toBe(text);
      }),
      { numRuns: 300 },
    );
    // Lone surrogates are not Unicode; any UTF-8 encoder turns them into U+FFFD, and that survives the trip.
    const wellFormed = (s: string) => s.replace(/\p{Surrogate}/gu, '\ufffd');
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => decode(encode(text)) === wellFormed(text)));
  });

  it('maps ASCII to its byte values and multi-byte characters to their UTF-8 bytes', () => {
    expect(encode('[bet]')).toEqual([91, 98, 101, 116, 93]);
    expect(encode('é€')).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
    expect(encodeWithBos('a')).toEqual([BOS_ID, 97]);
  });

  it('skips special ids when decoding and keeps a cut character as U+FFFD', () => {
    expect(decode([BOS_ID, 104, 105, EOS_ID, PAD_ID])).toBe('hi');
    expect(decode([0xe2, 0x82])).toBe('\ufffd');
    expect(Array.from(toBytes([BOS_ID, 1, 2]))).toEqual([1, 2]);
  });

  it('rejects ids outside the vocabulary with a message that names the id', () => {
    expect(() => decode([VOCAB_SIZE])).toThrow(/token id 259/);
    expect(() => decode([-1])).toThrow(RangeError);
  });
});
