import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors.ts';

const tensors = [
  { name: 'model.norm.weight', shape: [3], data: new Float32Array([1, -2.5, 3e-8]) },
  { name: 'lm_head.weight', shape: [2, 2], data: new Float32Array([0.25, Number.NaN, -0, 7]) },
];

function withHeader(json: string, data: Uint8Array = new Uint8Array()): Uint8Array {
  const header = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips tensors bit-exactly with metadata, header padded to 8 bytes', () => {
    const bytes = encodeSafetensors(tensors, { format: 'pt' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const back = decodeSafetensors(bytes, 'a.safetensors');
    expect(back.metadata).toEqual({ format: 'pt' });
    for (const t of tensors) {
      const got = back.tensors.get(t.name)!;
      expect(got.shape).toEqual(t.shape);
      expect(new Uint32Array(got.data.buffer)).toEqual(new Uint32Array(t.data.buffer));
    }
  });

  it('writes the documented layout: u64 LE length, JSON header, little-endian F32 data', () => {
    const bytes = encodeSafetensors([{ name: 'x', shape: [1], data: new Float32Array([1]) }]);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.x).toEqual({ dtype: 'F32', shape: [1], data_offsets: [0, 4] });
    expect(Array.from(bytes.subarray(8 + n))).toEqual([0, 0, 0x80, 0x3f]);
  });

  it('names the file and the problem for truncated or corrupt input', () => {
    const good = encodeSafetensors(tensors);
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, good.length - 3), /m\.st: header describes 28 data bytes but 25 follow \(file cut short\)/],
      [good.subarray(0, 5), /m\.st: only 5 bytes/],
      [good.subarray(0, 20), /header length \d+ exceeds/],
      [withHeader('{"x": '), /header is not valid UTF-8 JSON/],
      [withHeader('[1]'), /not a JSON object/],
      [withHeader('{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}', new Uint8Array(2)), /dtype F16/],
      [withHeader('{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)), /do not fit shape/],
      [withHeader('{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Uint8Array(8)), /hole or overlap/],
      [withHeader('{"x":{"dtype":"F32","shape":[1]}}', new Uint8Array(4)), /tensor x:.*data_offsets/s],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeSafetensors(bytes, 'm.st')).toThrow(SafetensorsError);
      expect(() => decodeSafetensors(bytes, 'm.st')).toThrow(message);
    }
  });
});
