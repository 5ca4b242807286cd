import { describe, expect, it } from 'vitest';
import { AllowedSetError, allowedNext, buildAllowedTrie, trieDepth, walkTrie } from './allowed-trie.ts';
import { EOS_ID, encode } from './tokenizer.ts';

describe('allowed-string trie', () => {
  it('offers exactly the tokens that extend some allowed string, EOS where one ends', () => {
    const root = buildAllowedTrie(['[bet]', '[bet] 5', '[check]', '[bet]']);
    expect(allowedNext(root)).toEqual([91]);
    const afterBet = walkTrie(root, encode('[bet]'))!;
    expect(allowedNext(afterBet)).toEqual([32, EOS_ID]);
    expect(walkTrie(root, [...encode('[bet]'), EOS_ID])!.text).toBe('[bet]');
    expect(walkTrie(root, encode('[bx'))).toBeUndefined();
    expect(trieDepth(root)).toBe(encode('[bet] 5').length + 1);
  });

  it('rejects an empty set and empty strings', () => {
    expect(() => buildAllowedTrie([])).toThrow(AllowedSetError);
    expect(() => buildAllowedTrie(['a', ''])).toThrow(/non-empty/);
  });
});
