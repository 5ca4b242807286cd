/**
 * The GGUF v3 container (ggml-org/ggml docs/gguf.md; research/interop.md §5.1): little-endian; header
 * `"GGUF"`, u32 version, u64 tensor count, u64 metadata count; typed key–value metadata; tensor infos
 * (name, dims innermost first, ggml type, offset into the data section); zero padding to the alignment; tensor data.
 */

export const GGUF_MAGIC = 'GGUF';
export const GGUF_VERSION = 3;
/** Used when the metadata has no `general.alignment`. */
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** ggml's `GGML_MAX_NAME`: a tensor name must fit with its terminating NUL. */
export const GGUF_MAX_TENSOR_NAME_BYTES = 63;
export const GGUF_MAX_DIMS = 4;
/** `ggml_type` of float32 data, the only tensor type written here. */
export const GGML_TYPE_F32 = 0;

/** Metadata value type ids, as the file stores them. */
export const ggufValueTypeIds = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const;

export type GgufNumberType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64';
export type GgufBigIntType = 'u64' | 'i64';
export type GgufScalarType = GgufNumberType | GgufBigIntType | 'bool' | 'string';

/** One metadata value with its declared type; llama.cpp checks the types, so they are never inferred. */
export type GgufValue =
  | { readonly type: GgufNumberType; readonly value: number }
  | { readonly type: GgufBigIntType; readonly value: bigint }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'array'; readonly itemType: GgufNumberType; readonly value: readonly number[] }
  | { readonly type: 'array'; readonly itemType: 'string'; readonly value: readonly string[] }
  | { readonly type: 'array'; readonly itemType: 'bool'; readonly value: readonly boolean[] };

/** Shorthands for typed metadata values. */
export const gguf = {
  u32: (value: number): GgufValue => ({ type: 'u32', value }),
  i32: (value: number): GgufValue => ({ type: 'i32', value }),
  f32: (value: number): GgufValue => ({ type: 'f32', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  string: (value: string): GgufValue => ({ type: 'string', value }),
  strings: (value: readonly string[]): GgufValue => ({ type: 'array', itemType: 'string', value }),
  numbers: (itemType: GgufNumberType, value: readonly number[]): GgufValue => ({ type: 'array', itemType, value }),
};

/** A malformed GGUF file or a value the format cannot hold; the message says which and what to do. */
export class GgufError extends Error {
  override readonly name = 'GgufError';
}
