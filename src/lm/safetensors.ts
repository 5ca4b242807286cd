import { z } from 'zod';

/**
 * The safetensors format (huggingface/safetensors README, "Format"): an unsigned 64-bit little-endian header
 * length N, N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {..}}`, then
 * the raw little-endian tensor bytes, offsets relative to the end of the header. Only F32 is read and written:
 * that is all the built-in model stores.
 */

export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface SafetensorsContents {
  readonly tensors: ReadonlyMap<string, NamedTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A file that is not a well-formed safetensors file; the message names the file and what is wrong. */
export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}; the file is truncated or corrupt — re-save it or restore it from a good copy`, options);
  }
}

const littleEndianHost = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;
// Headers of the models this project writes are a few kB; this bound stops a corrupt length from allocating GBs.
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const entrySchema = z.strictObject({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
const metadataSchema = z.record(z.string(), z.string());

/** Serialises tensors (in the given order) and string metadata into safetensors bytes. */
export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new RangeError(`tensor ${t.name}: shape [${t.shape}] holds ${count} values but data has ${t.data.length}`);
    }
    if (t.name === '__metadata__' || t.name in header) throw new RangeError(`duplicate or reserved name ${t.name}`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    if (littleEndianHost) {
      out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    } else {
      for (let i = 0; i < t.data.length; i++) view.setFloat32(at + 4 * i, t.data[i]!, true);
    }
    at += t.data.byteLength;
  }
  return out;
}

/** Parses and checks safetensors bytes; `file` names the source in every error. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsContents {
  if (bytes.length < 8)
    throw new SafetensorsError(file, `only ${bytes.length} bytes, less than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new SafetensorsError(file, `header length ${headerLength} exceeds the ${bytes.length - 8} bytes that follow`);
  }
  const n = Number(headerLength);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (cause) {
    throw new SafetensorsError(file, 'header is not valid UTF-8 JSON', { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError(file, 'header is not a JSON object');
  }
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: { name: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (name === '__metadata__') {
      const m = metadataSchema.safeParse(value);
      if (!m.success) throw new SafetensorsError(file, '__metadata__ must map strings to strings');
      metadata = m.data;
      continue;
    }
    const e = entrySchema.safeParse(value);
    if (!e.success) throw new SafetensorsError(file, `tensor ${name}: ${z.prettifyError(e.error)}`);
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = e.data;
    if (dtype !== 'F32') throw new SafetensorsError(file, `tensor ${name} has dtype ${dtype}; only F32 is supported`);
    const expected = 4 * shape.reduce((a, b) => a * b, 1);
    if (end - begin !== expected) {
      throw new SafetensorsError(file, `tensor ${name}: offsets [${begin}, ${end}] do not fit shape [${shape}] (F32)`);
    }
    entries.push({ name, shape, begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin);
  let expectedBegin = 0;
  for (const e of entries) {
    if (e.begin !== expectedBegin) {
      throw new SafetensorsError(
        file,
        `tensor ${e.name} starts at byte ${e.begin}, expected ${expectedBegin} (hole or overlap)`,
      );
    }
    expectedBegin = e.end;
  }
  if (expectedBegin !== dataLength) {
    throw new SafetensorsError(
      file,
      `header describes ${expectedBegin} data bytes but ${dataLength} follow` +
        (dataLength < expectedBegin ? ' (file cut short)' : ' (trailing bytes)'),
    );
  }
  const tensors = new Map<string, NamedTensor>();
  for (const e of entries) {
    const count = (e.end - e.begin) / 4;
    const data = new Float32Array(count);
    if (littleEndianHost) {
      new Uint8Array(data.buffer).set(bytes.subarray(dataStart + e.begin, dataStart + e.end));
    } else {
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + e.begin + 4 * i, true);
    }
    tensors.set(e.name, { name: e.name, shape: e.shape, data });
  }
  return { tensors, metadata };
}
