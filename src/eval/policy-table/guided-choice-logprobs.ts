/**
 * log P(move) for each of `moves` when decoding is guided to them (vLLM's `guided_choice`, `selfplay serve`): where
 * the moves part, the next character's probability is renormalised over the characters that continue some move;
 * a character only one move continues with is forced (probability 1). `score(prefix)` is the model's log-probability
 * of `prefix` as the start of its answer (teacher-forced). Exact for a byte-level tokenizer such as the built-in LM's;
 * for another it assumes a token boundary at every parting character.
 */
export async function guidedChoiceLogprobs(
  moves: readonly string[],
  score: (prefix: string) => Promise<number>,
): Promise<number[]> {
  for (const a of moves) {
    const longer = moves.find((b) => b !== a && b.startsWith(a));
    if (longer !== undefined) {
      throw new RangeError(`guided scoring needs moves that do not prefix one another: "${a}" starts "${longer}"`);
    }
  }
  const memo = new Map<string, Promise<number>>();
  const scored = (prefix: string) => {
    let p = memo.get(prefix);
    if (!p) {
      p = score(prefix);
      memo.set(prefix, p);
    }
    return p;
  };
  // The branch points: every prefix shared by two or more moves that continue with different characters.
  const branchLogprob = async (prefix: string, next: string): Promise<number> => {
    const options = [...new Set(moves.filter((m) => m.startsWith(prefix)).map((m) => m[prefix.length]!))];
    if (options.length < 2) return 0;
    const logits = await Promise.all(options.map((c) => scored(prefix + c)));
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0));
    return logits[options.indexOf(next)]! - lse;
  };
  return Promise.all(
    moves.map(async (move) => {
      const parts = await Promise.all([...move].map((c, i) => branchLogprob(move.slice(0, i), c)));
      return parts.reduce((s, x) => s + x, 0);
    }),
  );
}
