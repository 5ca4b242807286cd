import { BYTE_VOCAB, decode, SPECIAL_TOKENS } from '../lm/index.ts';

/**
 * How a token is spelled in log-prob lists. Tokens are bytes: ASCII bytes are themselves, other bytes (pieces of
 * a UTF-8 character) are `bytes:\xNN` as OpenAI spells partial characters, and special ids use their names.
 * With vLLM's `return_tokens_as_token_ids` every token is `token_id:<id>`, which clients read back exactly.
 */
export function tokenString(id: number, asIds = false): string {
  if (asIds) return `token_id:${id}`;
  if (id >= BYTE_VOCAB) return SPECIAL_TOKENS[id as keyof typeof SPECIAL_TOKENS] ?? `<|${id}|>`;
  return id < 0x80 ? String.fromCharCode(id) : `bytes:\\x${id.toString(16).padStart(2, '0')}`;
}

/** The UTF-8 bytes a token stands for; null for special ids, which stand for no text. */
export function tokenBytes(id: number): number[] | null {
  return id < BYTE_VOCAB ? [id] : null;
}

/** Where each token starts in the decoded text of `ids` (UTF-16 offsets, as JavaScript and OpenAI count). */
export function textOffsets(ids: readonly number[]): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < ids.length; i++) offsets.push(decode(ids.slice(0, i)).length);
  return offsets;
}
