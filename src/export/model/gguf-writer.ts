import { open, rename, rm } from 'node:fs/promises';
import {
  GGML_TYPE_F32,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_MAX_DIMS,
  GGUF_MAX_TENSOR_NAME_BYTES,
  GGUF_VERSION,
  GgufError,
  type GgufNumberType,
  type GgufValue,
  ggufValueTypeIds,
} from './gguf-format.ts';

/** A float32 tensor under its GGUF name; `shape` is PyTorch's order (outermost first), written reversed. */
export interface GgufTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface GgufContentsToWrite {
  /** In file order. `general.alignment`, when present, sets the alignment (a u32 multiple of 8). */
  readonly metadata: readonly (readonly [string, GgufValue])[];
  readonly tensors: readonly GgufTensor[];
}

const integerRanges: Record<Exclude<GgufNumberType, 'f32' | 'f64'>, readonly [number, number]> = {
  u8: [0, 0xff],
  i8: [-0x80, 0x7f],
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffff_ffff],
  i32: [-0x8000_0000, 0x7fff_ffff],
};

const numberWriters: Record<GgufNumberType, readonly [number, (v: DataView, n: number) => void]> = {
  u8: [1, (v, n) => v.setUint8(0, n)],
  i8: [1, (v, n) => v.setInt8(0, n)],
  u16: [2, (v, n) => v.setUint16(0, n, true)],
  i16: [2, (v, n) => v.setInt16(0, n, true)],
  u32: [4, (v, n) => v.setUint32(0, n, true)],
  i32: [4, (v, n) => v.setInt32(0, n, true)],
  f32: [4, (v, n) => v.setFloat32(0, n, true)],
  f64: [8, (v, n) => v.setFloat64(0, n, true)],
};

/** Little-endian bytes appended piece by piece; the header is small (a few hundred kB with a vocabulary). */
class ByteBuilder {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  private push(size: number, fill: (view: DataView) => void): void {
    const chunk = new Uint8Array(size);
    fill(new DataView(chunk.buffer));
    this.chunks.push(chunk);
    this.length += size;
  }

  bytes(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(n: number): void {
    this.push(4, (v) => v.setUint32(0, n, true));
  }
  u64(n: number | bigint): void {
    this.push(8, (v) => v.setBigUint64(0, BigInt(n), true));
  }
  i64(n: bigint): void {
    this.push(8, (v) => v.setBigInt64(0, n, true));
  }
  string(s: string): void {
    const utf8 = new TextEncoder().encode(s);
    this.u64(utf8.length);
    this.bytes(utf8);
  }
  zeros(n: number): void {
    if (n > 0) this.bytes(new Uint8Array(n));
  }
  number(type: GgufNumberType, n: number, key: string): void {
    if (type !== 'f32' && type !== 'f64') {
      const [min, max] = integerRanges[type];
      if (!(Number.isInteger(n) && n >= min && n <= max)) {
        throw new GgufError(`metadata ${key}: ${n} is not a ${type} (a whole number in [${min}, ${max}])`);
      }
    }
    const [size, set] = numberWriters[type];
    this.push(size, (v) => set(v, n));
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function writeValue(out: ByteBuilder, key: string, value: GgufValue): void {
  out.u32(ggufValueTypeIds[value.type]);
  switch (value.type) {
    case 'string':
      return out.string(value.value);
    case 'bool':
      return out.bytes(Uint8Array.of(value.value ? 1 : 0));
    case 'u64':
      if (BigInt.asUintN(64, value.value) !== value.value)
        throw new GgufError(`metadata ${key}: ${value.value} is not a u64`);
      return out.u64(value.value);
    case 'i64':
      if (BigInt.asIntN(64, value.value) !== value.value)
        throw new GgufError(`metadata ${key}: ${value.value} is not an i64`);
      return out.i64(value.value);
    case 'array': {
      out.u32(ggufValueTypeIds[value.itemType]);
      out.u64(value.value.length);
      if (value.itemType === 'string') for (const s of value.value) out.string(s);
      else if (value.itemType === 'bool') for (const b of value.value) out.bytes(Uint8Array.of(b ? 1 : 0));
      else for (const n of value.value) out.number(value.itemType, n, key);
      return;
    }
    default:
      return out.number(value.type, value.value, key);
  }
}

/** The alignment the metadata declares (default 32), checked. */
export function ggufAlignment(metadata: GgufContentsToWrite['metadata']): number {
  const entry = metadata.find(([key]) => key === 'general.alignment')?.[1];
  if (entry === undefined) return GGUF_DEFAULT_ALIGNMENT;
  if (entry.type !== 'u32' || entry.value <= 0 || entry.value % 8 !== 0) {
    throw new GgufError(`general.alignment must be a u32 multiple of 8, got ${JSON.stringify(entry)}`);
  }
  return entry.value;
}

const padTo = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;

/**
 * Everything before the tensor data — header, metadata, tensor infos, padding — and where each tensor's data
 * starts, relative to the data section. Each tensor starts on the alignment; the data section does too.
 */
export function encodeGgufHeader(contents: GgufContentsToWrite): { header: Uint8Array; offsets: number[] } {
  const { metadata, tensors } = contents;
  const alignment = ggufAlignment(metadata);
  const keys = new Set<string>();
  for (const [key] of metadata) {
    if (keys.has(key)) throw new GgufError(`metadata key ${key} appears twice`);
    keys.add(key);
  }
  const out = new ByteBuilder();
  out.bytes(new TextEncoder().encode(GGUF_MAGIC));
  out.u32(GGUF_VERSION);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.string(key);
    writeValue(out, key, value);
  }
  const offsets: number[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (const t of tensors) {
    if (names.has(t.name)) throw new GgufError(`tensor ${t.name} appears twice`);
    names.add(t.name);
    if (new TextEncoder().encode(t.name).length > GGUF_MAX_TENSOR_NAME_BYTES) {
      throw new GgufError(`tensor name ${t.name} is longer than ggml's ${GGUF_MAX_TENSOR_NAME_BYTES} bytes`);
    }
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.shape.length < 1 || t.shape.length > GGUF_MAX_DIMS || count !== t.data.length) {
      throw new GgufError(`tensor ${t.name}: shape [${t.shape}] does not fit its ${t.data.length} floats (1–4 dims)`);
    }
    out.string(t.name);
    out.u32(t.shape.length);
    for (const d of [...t.shape].reverse()) out.u64(d);
    out.u32(GGML_TYPE_F32);
    out.u64(offset);
    offsets.push(offset);
    offset = padTo(offset + t.data.byteLength, alignment);
  }
  out.zeros(padTo(out.length, alignment) - out.length);
  return { header: out.concat(), offsets };
}

const littleEndianHost = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

function littleEndianBytes(data: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  data.forEach((x, i) => view.setFloat32(4 * i, x, true));
  return out;
}

/**
 * Writes a GGUF file tensor by tensor (the weights are never copied into one buffer), to `path.tmp` then renamed,
 * so an interrupted export leaves no truncated file under the real name.
 */
export async function writeGgufFile(path: string, contents: GgufContentsToWrite): Promise<void> {
  const alignment = ggufAlignment(contents.metadata);
  const { header } = encodeGgufHeader(contents);
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.write(header);
    for (const t of contents.tensors) {
      await file.write(littleEndianBytes(t.data));
      const padding = padTo(t.data.byteLength, alignment) - t.data.byteLength;
      if (padding > 0) await file.write(new Uint8Array(padding));
    }
  } catch (error) {
    await file.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await file.close();
  await rename(tmp, path);
}
