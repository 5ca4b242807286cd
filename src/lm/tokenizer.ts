/**
 * Byte-level tokenizer: ids 0–255 are the UTF-8 bytes of the text, followed by three special ids.
 * With no merges this is exactly what a GPT-2-style byte-level BPE with an empty merge list produces, so an
 * exported model tokenizes identically in llama.cpp and HF transformers (see docs/lm.md).
 */

export const BYTE_VOCAB = 256;
/** Beginning of sequence: prepended to every prompt. */
export const BOS_ID = 256;
/** End of sequence: the model emits it to stop. */
export const EOS_ID = 257;
/** Padding: never predicted, never attended to as a target (its loss weight is zero). */
export const PAD_ID = 258;
export const VOCAB_SIZE = 259;

/** Printable names of the special ids, as an exported tokenizer spells them. */
export const SPECIAL_TOKENS = { [BOS_ID]: '<|bos|>', [EOS_ID]: '<|endoftext|>', [PAD_ID]: '<|pad|>' } as const;

const encoder = new TextEncoder();

/** Text → byte ids (no specials). Lone UTF-16 surrogates become U+FFFD, as in any UTF-8 encoder. */
export function encode(text: string): number[] {
  return Array.from(encoder.encode(text));
}

/** `[BOS, ...bytes]`: how prompts are fed to the model. */
export function encodeWithBos(text: string): number[] {
  return [BOS_ID, ...encoder.encode(text)];
}

/**
 * What free text may contain: the 256 bytes and EOS. BOS and PAD are input-only (never trained as targets), so
 * sampling and scoring leave them out rather than let an undertrained model emit them.
 */
export const OUTPUT_IDS: readonly number[] = [...Array.from({ length: BYTE_VOCAB }, (_, i) => i), EOS_ID];

export function isSpecial(id: number): boolean {
  return id >= BYTE_VOCAB;
}

/** The byte ids in `ids` (special ids dropped), as raw bytes; useful when a sequence may end mid-character. */
export function toBytes(ids: readonly number[]): Uint8Array {
  const out = new Uint8Array(ids.length);
  let n = 0;
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= VOCAB_SIZE) {
      throw new RangeError(`token id ${id} is outside the byte vocabulary [0, ${VOCAB_SIZE}); pass ids from encode()`);
    }
    if (id < BYTE_VOCAB) out[n++] = id;
  }
  return out.subarray(0, n);
}

/**
 * Byte ids → text, skipping special ids. Invalid UTF-8 (a sample cut mid-character) decodes to U+FFFD rather
 * than throwing, because sampled text is data, not a fault.
 */
export function decode(ids: readonly number[]): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(toBytes(ids));
}
