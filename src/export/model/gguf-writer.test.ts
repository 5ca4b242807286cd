import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gguf, GgufError, type GgufValue } from './gguf-format.ts';
import { readGguf, readGgufTensor } from './gguf-reader.ts';
import { encodeGgufHeader, type GgufContentsToWrite, writeGgufFile } from './gguf-writer.ts';

const tensors = [
  { name: 'a.weight', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
  { name: 'b.weight', shape: [5], data: Float32Array.from([-1, 0.5, 0.25, 7, 9]) },
  { name: 'c.weight', shape: [1], data: Float32Array.from([42]) },
];

const everyType: [string, GgufValue][] = [
  ['t.u8', { type: 'u8', value: 255 }],
  ['t.i8', { type: 'i8', value: -128 }],
  ['t.u16', { type: 'u16', value: 65535 }],
  ['t.i16', { type: 'i16', value: -32768 }],
  ['t.u32', gguf.u32(0xffff_ffff)],
  ['t.i32', gguf.i32(-5)],
  ['t.f32', gguf.f32(0.5)],
  ['t.bool', gguf.bool(true)],
  ['t.string', gguf.string('héllo ☃')],
  ['t.u64', { type: 'u64', value: 2n ** 63n }],
  ['t.i64', { type: 'i64', value: -(2n ** 40n) }],
  ['t.f64', { type: 'f64', value: 1 / 3 }],
  ['t.strings', gguf.strings(['', 'a', 'Ġ'])],
  ['t.i32s', gguf.numbers('i32', [1, -2, 3])],
  ['t.f32s', gguf.numbers('f32', [0.25, -8])],
];

async function writeAndRead(contents: GgufContentsToWrite) {
  const file = join(await mkdtemp(join(tmpdir(), 'gguf-')), 'm.gguf');
  await writeGgufFile(file, contents);
  const bytes = new Uint8Array(await readFile(file));
  return { bytes, read: readGguf(bytes, file) };
}

describe('GGUF writer', () => {
  it('writes the v3 header: magic, version, tensor and metadata counts, little-endian', async () => {
    const { bytes } = await writeAndRead({ metadata: everyType, tensors });
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('GGUF');
    expect(view.getUint32(0, true)).toBe(0x46554747);
    expect(view.getUint32(4, true)).toBe(3);
    expect(view.getBigUint64(8, true)).toBe(3n);
    expect(view.getBigUint64(16, true)).toBe(BigInt(everyType.length));
    // The first key follows: u64 length, its bytes, then the u32 type id (u8 = 0) and one byte of value.
    expect(view.getBigUint64(24, true)).toBe(4n);
    expect(new TextDecoder().decode(bytes.subarray(32, 36))).toBe('t.u8');
    expect(view.getUint32(36, true)).toBe(0);
    expect(bytes[40]).toBe(255);
  });

  it('keeps every metadata value and its declared type, in order', async () => {
    const { read } = await writeAndRead({ metadata: everyType, tensors: [] });
    expect([...read.metadata.keys()]).toEqual(everyType.map(([k]) => k));
    for (const [key, value] of everyType) {
      const got = read.metadata.get(key)!;
      if (value.type === 'f32') expect(got).toEqual({ type: 'f32', value: Math.fround(value.value) });
      else expect(got).toEqual(value);
    }
  });

  it('aligns the data section and every tensor, stores dims innermost first and the data unchanged', async () => {
    for (const alignment of [32, 64]) {
      const metadata: [string, GgufValue][] = [['general.alignment', gguf.u32(alignment)], ...everyType];
      const { bytes, read } = await writeAndRead({ metadata, tensors });
      expect(read.alignment).toBe(alignment);
      expect(read.dataStart % alignment).toBe(0);
      // a: 24 bytes → next tensor at one alignment; b: 20 bytes → the next at two.
      expect(read.tensors.map((t) => t.offset)).toEqual([0, alignment, 2 * alignment]);
      expect(read.tensors.map((t) => t.dims)).toEqual([[3, 2], [5], [1]]);
      expect(read.tensors.every((t) => t.type === 0)).toBe(true);
      // Each tensor's data is padded too, the last one included.
      expect(bytes.length).toBe(read.dataStart + 3 * alignment);
      for (const t of tensors) expect(readGgufTensor(bytes, read, t.name)).toEqual(t.data);
      // The header the file starts with is exactly what encodeGgufHeader gives.
      const { header } = encodeGgufHeader({ metadata, tensors });
      expect(bytes.subarray(0, read.dataStart)).toEqual(header);
      expect(bytes.subarray(read.dataStart + 24, read.dataStart + alignment).every((b) => b === 0)).toBe(true);
    }
  });

  it('defaults to 32-byte alignment and rejects values the declared type cannot hold', () => {
    expect(encodeGgufHeader({ metadata: [], tensors }).offsets).toEqual([0, 32, 64]);
    const bad: [GgufValue, RegExp][] = [
      [gguf.u32(-1), /-1 is not a u32/],
      [gguf.u32(1.5), /1.5 is not a u32/],
      [{ type: 'u8', value: 256 }, /256 is not a u8/],
      [gguf.numbers('i32', [2 ** 31]), /is not a i32/],
      [{ type: 'u64', value: -1n }, /is not a u64/],
    ];
    for (const [value, message] of bad) {
      expect(() => encodeGgufHeader({ metadata: [['k', value]], tensors: [] })).toThrow(message);
    }
    expect(() => encodeGgufHeader({ metadata: [['general.alignment', gguf.u32(12)]], tensors: [] })).toThrow(
      /multiple of 8/,
    );
  });

  it('rejects duplicate keys and tensors, over-long names and shapes that do not fit the data', () => {
    const one = tensors[0]!;
    expect(() =>
      encodeGgufHeader({
        metadata: [
          ['k', gguf.bool(true)],
          ['k', gguf.bool(false)],
        ],
        tensors: [],
      }),
    ).toThrow(/k appears twice/);
    expect(() => encodeGgufHeader({ metadata: [], tensors: [one, one] })).toThrow(/a.weight appears twice/);
    expect(() => encodeGgufHeader({ metadata: [], tensors: [{ ...one, name: 'x'.repeat(64) }] })).toThrow(
      /longer than ggml's 63 bytes/,
    );
    expect(() => encodeGgufHeader({ metadata: [], tensors: [{ ...one, shape: [4] }] })).toThrow(/does not fit/);
    expect(() => encodeGgufHeader({ metadata: [], tensors: [{ ...one, shape: [1, 1, 1, 2, 3] }] })).toThrow(
      /does not fit/,
    );
  });

  it('reader names the file and the problem for a truncated or foreign file', async () => {
    const { bytes } = await writeAndRead({ metadata: everyType, tensors });
    expect(() => readGguf(bytes.subarray(0, bytes.length - 30), 'cut.gguf')).toThrow(
      /cut.gguf: tensor c.weight runs past the end/,
    );
    expect(() => readGguf(bytes.subarray(0, 30), 'short.gguf')).toThrow(/short.gguf: needs \d+ more bytes/);
    expect(() => readGguf(new TextEncoder().encode('PK\x03\x04 not gguf'), 'x.zip')).toThrow(GgufError);
  });
});
