import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS } from '../../lm/index.ts';
import { exportVocab, suppressedIds } from './byte-vocab.ts';

/**
 * The HF tokenizer files for our byte tokenizer (research/interop.md §5.4): a `tokenizer.json` whose ByteLevel
 * pre-tokenizer maps each UTF-8 byte to its GPT-2 character and whose BPE model has those 256 characters and no
 * merges, so `AutoTokenizer` yields exactly our ids; BOS is prepended by a post-processor, as `encodeWithBos` does.
 */
export function hfTokenizerJson(vocabSize: number): Record<string, unknown> {
  const vocab = exportVocab(vocabSize);
  const bos = SPECIAL_TOKENS[BOS_ID];
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: vocab
      .filter((t) => t.role !== 'byte')
      .map((t) => ({
        id: t.id,
        content: t.text,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: bos, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: bos, type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [bos]: { id: bos, ids: [BOS_ID], tokens: [bos] } },
    },
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(vocab.filter((t) => t.role === 'byte').map((t) => [t.text, t.id])),
      merges: [],
    },
  };
}

const specialTokensMap = {
  bos_token: SPECIAL_TOKENS[BOS_ID],
  eos_token: SPECIAL_TOKENS[EOS_ID],
  pad_token: SPECIAL_TOKENS[PAD_ID],
};

/**
 * `tokenizer_config.json`. `split_special_tokens` makes text that spells `<|bos|>` tokenize as its bytes, as our
 * tokenizer does, instead of as the special id.
 */
export function hfTokenizerConfig(context: number): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    ...specialTokensMap,
    add_bos_token: true,
    add_eos_token: false,
    model_max_length: context,
    clean_up_tokenization_spaces: false,
    split_special_tokens: true,
  };
}

export function hfSpecialTokensMap(): Record<string, unknown> {
  return { ...specialTokensMap };
}

/**
 * `generation_config.json`: our free decoding never samples BOS, PAD or reserved ids, so `generate()` suppresses
 * them too; the sampling settings stay transformers' defaults.
 */
export function hfGenerationConfig(vocabSize: number): Record<string, unknown> {
  return {
    bos_token_id: BOS_ID,
    eos_token_id: EOS_ID,
    pad_token_id: PAD_ID,
    suppress_tokens: suppressedIds(vocabSize),
  };
}
