import {
  GGML_TYPE_F32,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GgufError,
  type GgufNumberType,
  type GgufValue,
  ggufValueTypeIds,
} from './gguf-format.ts';

/** One tensor info as stored: `dims` innermost first (ggml's `ne`), `offset` relative to the data section. */
export interface GgufTensorInfo {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: number;
  readonly offset: number;
}

export interface GgufContents {
  readonly version: number;
  readonly metadata: ReadonlyMap<string, GgufValue>;
  readonly tensors: readonly GgufTensorInfo[];
  readonly alignment: number;
  /** File offset of the data section. */
  readonly dataStart: number;
}

const typeNames = Object.fromEntries(Object.entries(ggufValueTypeIds).map(([name, id]) => [id, name])) as Record<
  number,
  keyof typeof ggufValueTypeIds
>;

const numberReaders: Record<GgufNumberType, readonly [number, (v: DataView, at: number) => number]> = {
  u8: [1, (v, at) => v.getUint8(at)],
  i8: [1, (v, at) => v.getInt8(at)],
  u16: [2, (v, at) => v.getUint16(at, true)],
  i16: [2, (v, at) => v.getInt16(at, true)],
  u32: [4, (v, at) => v.getUint32(at, true)],
  i32: [4, (v, at) => v.getInt32(at, true)],
  f32: [4, (v, at) => v.getFloat32(at, true)],
  f64: [8, (v, at) => v.getFloat64(at, true)],
};

/** A cursor over little-endian bytes that names the file and the byte offset in every error. */
class Cursor {
  at = 0;
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fail(problem: string): never {
    throw new GgufError(`${this.file}: ${problem} (at byte ${this.at}); the file is not a valid GGUF file`);
  }
  private take(n: number): number {
    if (this.at + n > this.bytes.length) this.fail(`needs ${n} more bytes but the file ends`);
    const start = this.at;
    this.at += n;
    return start;
  }
  u8 = () => this.view.getUint8(this.take(1));
  u32 = () => this.view.getUint32(this.take(4), true);
  u64(): number {
    const n = this.view.getBigUint64(this.take(8), true);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`a length or offset of ${n} is too large`);
    return Number(n);
  }
  string(): string {
    const n = this.u64();
    const start = this.take(n);
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(start, start + n));
  }
  number(type: GgufNumberType): number {
    const [size, read] = numberReaders[type];
    return read(this.view, this.take(size));
  }
  bigint(type: 'u64' | 'i64'): bigint {
    const at = this.take(8);
    return type === 'u64' ? this.view.getBigUint64(at, true) : this.view.getBigInt64(at, true);
  }
}

function readValue(c: Cursor, key: string): GgufValue {
  const type = typeNames[c.u32()];
  if (type === undefined) c.fail(`metadata ${key} has an unknown value type`);
  switch (type) {
    case 'string':
      return { type, value: c.string() };
    case 'bool':
      return { type, value: c.u8() !== 0 };
    case 'u64':
    case 'i64':
      return { type, value: c.bigint(type) };
    case 'array': {
      const itemType = typeNames[c.u32()];
      const count = c.u64();
      if (itemType === 'string') return { type, itemType, value: Array.from({ length: count }, () => c.string()) };
      if (itemType === 'bool') return { type, itemType, value: Array.from({ length: count }, () => c.u8() !== 0) };
      if (itemType === undefined || itemType === 'array' || itemType === 'u64' || itemType === 'i64') {
        return c.fail(`metadata ${key} is an array of ${itemType ?? 'an unknown type'}, which this reader skips`);
      }
      return { type, itemType, value: Array.from({ length: count }, () => c.number(itemType)) };
    }
    default:
      return { type, value: c.number(type) };
  }
}

/** Parses a GGUF file's header, metadata and tensor infos, and checks the layout rules a loader relies on. */
export function readGguf(bytes: Uint8Array, file: string): GgufContents {
  const c = new Cursor(bytes, file);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== GGUF_MAGIC) c.fail('does not start with "GGUF"');
  c.at = 4;
  const version = c.u32();
  const tensorCount = c.u64();
  const kvCount = c.u64();
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string();
    if (metadata.has(key)) c.fail(`metadata key ${key} appears twice`);
    metadata.set(key, readValue(c, key));
  }
  const declared = metadata.get('general.alignment');
  const alignment = declared?.type === 'u32' ? declared.value : GGUF_DEFAULT_ALIGNMENT;
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string();
    const dims = Array.from({ length: c.u32() }, () => c.u64());
    const type = c.u32();
    const offset = c.u64();
    if (offset % alignment !== 0) c.fail(`tensor ${name} starts at ${offset}, not a multiple of ${alignment}`);
    tensors.push({ name, dims, type, offset });
  }
  const dataStart = Math.ceil(c.at / alignment) * alignment;
  for (const t of tensors) {
    const end = dataStart + t.offset + 4 * t.dims.reduce((a, b) => a * b, 1);
    if (t.type === GGML_TYPE_F32 && end > bytes.length) c.fail(`tensor ${t.name} runs past the end of the file`);
  }
  return { version, metadata, tensors, alignment, dataStart };
}

/** The float32 data of one tensor, in the file's (row-major, innermost-first dims) order. */
export function readGgufTensor(bytes: Uint8Array, contents: GgufContents, name: string): Float32Array {
  const t = contents.tensors.find((x) => x.name === name);
  if (!t) throw new GgufError(`no tensor ${name} in the file`);
  if (t.type !== GGML_TYPE_F32) throw new GgufError(`tensor ${name} has ggml type ${t.type}; only F32 is read`);
  const count = t.dims.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset + contents.dataStart + t.offset, 4 * count);
  return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
}
