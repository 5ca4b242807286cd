import { BOS_ID, BYTE_VOCAB, EOS_ID, OUTPUT_IDS, PAD_ID, SPECIAL_TOKENS } from '../../lm/index.ts';

/**
 * Our byte tokenizer spelled as a byte-level BPE vocabulary with no merges, the form both llama.cpp (`gpt2`) and
 * HF tokenizers (`ByteLevel` + `BPE`) accept (research/interop.md §5.4). Byte b is the one-character string GPT-2's
 * byte-to-unicode table gives it, so tokenizing any text yields exactly its UTF-8 bytes, as `encode()` does.
 */

/**
 * GPT-2's byte → character table (openai/gpt-2 `bytes_to_unicode`): printable Latin-1 bytes stand for themselves;
 * the other 68 bytes, in increasing order, take U+0100, U+0101, … so every token is a visible character.
 */
export function byteSymbols(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let next = 0x100;
  return Array.from({ length: BYTE_VOCAB }, (_, b) => String.fromCodePoint(printable(b) ? b : next++));
}

/** What an id is, in the exported vocabulary. */
export type TokenRole = 'byte' | 'special' | 'reserved';

export interface VocabEntry {
  readonly id: number;
  readonly text: string;
  readonly role: TokenRole;
}

const specialNames: Readonly<Record<number, string>> = SPECIAL_TOKENS;

/**
 * Every id of a `vocabSize`-token model: the 256 bytes, BOS/EOS/PAD, then (for a config with a larger vocabulary)
 * ids the tokenizer never produces, named `<|reserved_N|>` so every id has a unique string, which llama.cpp requires.
 */
export function exportVocab(vocabSize: number): VocabEntry[] {
  const bytes = byteSymbols();
  return Array.from({ length: vocabSize }, (_, id) => {
    if (id < BYTE_VOCAB) return { id, text: bytes[id]!, role: 'byte' };
    const special = specialNames[id];
    return special === undefined
      ? { id, text: `<|reserved_${id}|>`, role: 'reserved' }
      : { id, text: special, role: 'special' };
  });
}

/** Ids our free-text decoding never samples (BOS, PAD, reserved): a consumer suppresses them to decode as we do. */
export function suppressedIds(vocabSize: number): number[] {
  const sampled = new Set(OUTPUT_IDS);
  return Array.from({ length: vocabSize }, (_, id) => id).filter((id) => !sampled.has(id));
}

export const specialIds = { bos: BOS_ID, eos: EOS_ID, pad: PAD_ID } as const;
