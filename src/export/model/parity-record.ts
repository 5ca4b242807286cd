import { createModel, EOS_ID, encodeWithBos, generate, type LmModel, type ModelConfig } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createRng } from '../../util/rng.ts';
import { suppressedIds } from './byte-vocab.ts';

/**
 * What `export-model --format hf` saves as `parity.json` beside the export, so a consumer (scripts/device/hf-parity.py)
 * can check it reproduces our model: per prompt, its token ids, our logits at every position, and our greedy
 * continuation (free decoding, temperature 0: BOS, PAD and reserved ids never sampled).
 */
export interface ParityPrompt {
  readonly text: string;
  /** BOS then the text's bytes, cut to leave room for a continuation in a small context. */
  readonly ids: readonly number[];
  /** True when `ids` were cut, so tokenizing `text` gives more ids than these. */
  readonly truncated: boolean;
  /** The first position `logits` covers: 0, unless a large vocabulary would make the file huge. */
  readonly logitsFrom: number;
  /** Our logits at positions logitsFrom … ids.length − 1, [rows][vocab], float32 at 9 significant digits (exact). */
  readonly logits: readonly (readonly number[])[];
  /** Our greedy continuation: at most `maxNewTokens` ids, ending early at EOS (included), and their text. */
  readonly greedy: { readonly maxNewTokens: number; readonly ids: readonly number[]; readonly text: string };
}

export interface ParityRecord {
  readonly format: 'selfplay-export-parity';
  readonly version: 1;
  /** The largest |Δlogit| a consumer may show: float32 kernels differ in summation order, nothing more. */
  readonly tolerance: number;
  readonly eosId: number;
  /** Ids a consumer must suppress when decoding greedily to decode as we do. */
  readonly suppressedIds: readonly number[];
  readonly prompts: readonly ParityPrompt[];
}

/** Plain text, a newline-laden game observation, digits and punctuation, multi-byte UTF-8, and BOS alone. */
export const defaultParityPrompts: readonly string[] = [
  '',
  'Hello, world!',
  'You are player 0 in Kuhn poker.\nYour card: K\nLegal moves: check, bet\nYour move:',
  'naïve café — ☃ 𝄞 12345 {"a": [1, 2]}',
];

/** float32 logit differences between two correct CPU implementations of this size stay far below this. */
export const PARITY_TOLERANCE = 1e-3;
const MAX_NEW_TOKENS = 24;
/** Logit values per prompt at most (~15 MB of JSON): every position of the byte vocabulary's prompts fits. */
const MAX_LOGITS_PER_PROMPT = 2 ** 20;

/** Our logits at every position of `ids` (one forward pass), as float32 rows. */
export function promptLogits(model: LmModel, ids: readonly number[]): Float32Array[] {
  const V = model.config.vocabSize;
  const tokens = Int32Array.from(ids);
  const rows: Float32Array[] = [];
  model.forward({ batch: 1, tokens, targets: tokens }, (logits) => {
    for (let r = 0; r < ids.length; r++) rows.push(logits.slice(r * V, (r + 1) * V));
  });
  return rows;
}

/** Our greedy free-text continuation of `ids`, as served: temperature 0 over bytes and EOS. */
export function greedyContinuation(model: LmModel, ids: readonly number[], maxTokens: number) {
  const [g] = generate({ model, prompts: [ids], rng: createRng(0), temperature: 0, maxTokens });
  return { maxNewTokens: maxTokens, ids: g!.tokens, text: g!.text };
}

/** BOS + the text's bytes, cut so at least one token of continuation fits the context. */
export function parityPromptIds(text: string, context: number): { ids: number[]; truncated: boolean } {
  const all = encodeWithBos(text);
  const ids = all.slice(0, Math.max(1, context - 1));
  return { ids, truncated: ids.length < all.length };
}

const exact = (x: number) => Number(x.toPrecision(9));

export function parityRecord(options: {
  config: ModelConfig;
  params: Float32Array;
  prompts?: readonly string[];
}): ParityRecord {
  const { config, params } = options;
  const model = createModel({ kernels: createKernels({ heap: createHeap() }), config, params });
  const prompts = (options.prompts ?? defaultParityPrompts).map((text) => {
    const { ids, truncated } = parityPromptIds(text, config.context);
    const logitsFrom = Math.max(0, ids.length - Math.floor(MAX_LOGITS_PER_PROMPT / config.vocabSize));
    const logits = promptLogits(model, ids)
      .slice(logitsFrom)
      .map((row) => Array.from(row, exact));
    const room = Math.min(MAX_NEW_TOKENS, config.context - ids.length);
    return { text, ids, truncated, logitsFrom, logits, greedy: greedyContinuation(model, ids, room) };
  });
  return {
    format: 'selfplay-export-parity',
    version: 1,
    tolerance: PARITY_TOLERANCE,
    eosId: EOS_ID,
    suppressedIds: suppressedIds(config.vocabSize),
    prompts,
  };
}
