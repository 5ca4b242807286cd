import { EOS_ID, encode } from './tokenizer.ts';

/**
 * A prefix tree over the token sequences of a set of allowed strings, each followed by EOS — so when one allowed
 * string is a prefix of another (`[bet]` and `[bet] 5`), stopping is a token choice the model makes like any other.
 */
export interface TrieNode {
  readonly children: Map<number, TrieNode>;
  /** Set on the node reached after EOS: the allowed string this path spells. */
  text?: string;
}

export class AllowedSetError extends Error {
  override readonly name = 'AllowedSetError';
}

export function buildAllowedTrie(allowed: readonly string[]): TrieNode {
  if (allowed.length === 0) throw new AllowedSetError('constrained decoding needs at least one allowed string');
  const root: TrieNode = { children: new Map() };
  for (const text of new Set(allowed)) {
    if (text.length === 0)
      throw new AllowedSetError('allowed strings must be non-empty (the empty answer is EOS alone)');
    let node = root;
    for (const id of [...encode(text), EOS_ID]) {
      let next = node.children.get(id);
      if (!next) {
        next = { children: new Map() };
        node.children.set(id, next);
      }
      node = next;
    }
    node.text = text;
  }
  return root;
}

/** Token ids that keep the path a prefix of some allowed string, ascending. */
export function allowedNext(node: TrieNode): number[] {
  return [...node.children.keys()].sort((a, b) => a - b);
}

/** Walks `tokens` from the root; undefined when they leave the trie. */
export function walkTrie(root: TrieNode, tokens: readonly number[]): TrieNode | undefined {
  let node: TrieNode | undefined = root;
  for (const t of tokens) {
    node = node.children.get(t);
    if (!node) return undefined;
  }
  return node;
}

/** The longest token path in the trie (EOS included): how many decode steps a constrained answer can take. */
export function trieDepth(node: TrieNode): number {
  let depth = 0;
  for (const child of node.children.values()) depth = Math.max(depth, 1 + trieDepth(child));
  return depth;
}
