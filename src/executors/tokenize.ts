import { type ExecFailure, failure, show, valueBound } from './exec-result.ts';

/** Operators and punctuation of the language. */
export type Punct = '+' | '-' | '*' | '//' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '(' | ')' | ',' | ':';

export type Token =
  | { readonly t: 'int'; readonly value: number; readonly at: number }
  | { readonly t: 'name'; readonly name: string; readonly at: number }
  | { readonly t: 'op'; readonly op: Punct; readonly at: number }
  | { readonly t: 'end'; readonly at: number };

// Characters that start a construct Python has and this language keeps out, with the reason given.
const bannedChars: Readonly<Record<string, string>> = {
  '"': 'strings are not part of the language',
  "'": 'strings are not part of the language',
  ';': 'statements (;) are not part of the language; a program is one expression',
  '[': 'lists and indexing are not part of the language',
  ']': 'lists and indexing are not part of the language',
  '{': 'dicts and sets are not part of the language',
  '}': 'dicts and sets are not part of the language',
  '&': 'bitwise operators are not part of the language',
  '|': 'bitwise operators are not part of the language',
  '^': 'bitwise operators are not part of the language',
  '~': 'bitwise operators are not part of the language',
  '@': 'decorators and @ are not part of the language',
  '#': 'comments are not part of the language',
  '\\': 'backslashes are not part of the language',
};

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isNameChar = (c: string) => isNameStart(c) || isDigit(c);

/**
 * Splits a program into tokens. Spaces and tabs separate tokens; the program is one line. Integer literals are plain
 * decimal digits without leading zeros (Python rejects `007`) and at most 10^9. The first character that cannot
 * start a token of the language gives a failure naming it and its offset.
 */
export function tokenize(source: string): { ok: true; tokens: Token[] } | ExecFailure {
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i]!;
    const at = i;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') return failure('syntax', `a program is one line; line break at ${at}`, { at });
    if (isDigit(c)) {
      while (i < n && isDigit(source[i]!)) i++;
      const digits = source.slice(at, i);
      const next = source[i] ?? '';
      if (next === '.') return failure('banned', `floats are not part of the language (${show(digits)}.)`, { at });
      if (isNameChar(next)) {
        return failure(
          'syntax',
          `integer literals are plain decimal digits: ${show(source.slice(at, i + 1))} at ${at} (no 0x, 1e5, 1_000; put a space before a keyword)`,
          { at },
        );
      }
      if (digits.length > 1 && digits[0] === '0') {
        return failure('syntax', `leading zeros are not allowed in ${show(digits)} at ${at} (Python rejects them)`, {
          at,
        });
      }
      // More than 10 digits (no leading zeros) is above 10^9 for sure; parse only short runs.
      const value = digits.length > 10 ? Infinity : Number(digits);
      if (value > valueBound) {
        return failure('limit', `integer literal ${show(digits)} at ${at} exceeds 10^9`, { at });
      }
      tokens.push({ t: 'int', value, at });
      continue;
    }
    if (isNameStart(c)) {
      while (i < n && isNameChar(source[i]!)) i++;
      const name = source.slice(at, i);
      if (name.startsWith('_')) {
        return failure(
          'banned',
          `names beginning with _ (such as __import__) are not allowed: ${show(name)} at ${at}`,
          {
            at,
          },
        );
      }
      tokens.push({ t: 'name', name, at });
      continue;
    }
    const two = source.slice(i, i + 2);
    const reason = bannedChars[c];
    if (reason !== undefined) return failure('banned', `${reason} (${c} at ${at})`, { at });
    switch (two) {
      case '//':
      case '<=':
      case '>=':
      case '==':
      case '!=':
        tokens.push({ t: 'op', op: two, at });
        i += 2;
        continue;
      case '**':
        return failure('banned', `** is not part of the language; multiply instead (at ${at})`, { at });
      case '<<':
      case '>>':
        return failure('banned', `bitwise shifts are not part of the language (at ${at})`, { at });
      case ':=':
        return failure('banned', `assignment expressions (:=) are not part of the language (at ${at})`, { at });
      case '->':
        return failure('syntax', `annotations (->) are not part of the language (at ${at})`, { at });
      case '<>':
        return failure('syntax', `<> is not Python 3; use != (at ${at})`, { at });
      default:
        break;
    }
    switch (c) {
      case '+':
      case '-':
      case '*':
      case '%':
      case '<':
      case '>':
      case '(':
      case ')':
      case ',':
      case ':':
        tokens.push({ t: 'op', op: c, at });
        i++;
        continue;
      case '/':
        return failure('banned', `true division / makes floats; use floor division // (at ${at})`, { at });
      case '=':
        return failure('banned', `assignment (=) is not part of the language; compare with == (at ${at})`, { at });
      case '.':
        return failure('banned', `attribute access (.) is not part of the language (at ${at})`, { at });
      default: {
        const code = c.codePointAt(0) ?? 0;
        const shown = code >= 0x20 && code < 0x7f ? show(c) : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
        return failure('syntax', `unexpected character ${shown} at ${at}`, { at });
      }
    }
  }
  tokens.push({ t: 'end', at: n });
  return { ok: true, tokens };
}
