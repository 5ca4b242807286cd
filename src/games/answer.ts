import type { AnswerMode } from '../spec/game-text.ts';

/**
 * Reading a move out of a model's answer (research/spiral.md §3.2), in two modes (see `AnswerMode`).
 * `strict` is SPIRAL's `extract_action`: take the last `\boxed{…}` (brace-matched; a `\fbox`, `\boxed {` or an
 * unclosed box falls back to the whole answer), unwrap a `\text{…}`, turn any inner `\boxed{x}` into `[x]`, wrap an
 * answer of ≤ 5 words with no brackets as `[answer]`, collapse whitespace, and require an exact, case-sensitive
 * legal move. `lenient` also accepts `\fbox{…}`, `\boxed {…}`, spaces inside brackets (`[ bet ]`) and, without a
 * boxed answer, the last bracketed legal move anywhere in the text (as TextArena's own envs read `[bet]`).
 */

/** Content of the last `\boxed{…}` (brace-matched), or undefined if there is none or it never closes. */
export function extractBoxed(text: string, mode: AnswerMode = 'lenient'): string | undefined {
  return mode === 'strict' ? extractBoxedStrict(text) : extractBoxedLenient(text);
}

function extractBoxedLenient(text: string): string | undefined {
  for (const command of ['\\boxed', '\\fbox']) {
    const start = text.lastIndexOf(command);
    if (start < 0) continue;
    let i = start + command.length;
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text[i] !== '{') continue;
    const end = closingBrace(text, i);
    if (end !== undefined) return unwrapText(text.slice(i + 1, end));
  }
  return undefined;
}

/**
 * SPIRAL's three steps: the last `\boxed` (else `\fbox`) brace-matched from there; its content only when the match
 * begins exactly `\boxed{` (so `\fbox{x}` and `\boxed {x}` give nothing); an exact outer `\text{…}` unwrapped.
 */
function extractBoxedStrict(text: string): string | undefined {
  let start = text.lastIndexOf('\\boxed');
  if (start < 0) start = text.lastIndexOf('\\fbox');
  if (start < 0) return undefined;
  const open = text.indexOf('{', start);
  const end = open < 0 ? undefined : closingBrace(text, open);
  if (end === undefined) return undefined;
  const boxed = text.slice(start, end + 1);
  if (!boxed.startsWith('\\boxed{')) return undefined;
  const inner = boxed.slice('\\boxed{'.length, -1);
  return inner.startsWith('\\text{') && inner.endsWith('}') ? inner.slice('\\text{'.length, -1) : inner;
}

/** Index of the `}` that closes the `{` at `open`, or undefined when it never closes. */
function closingBrace(text: string, open: number): number | undefined {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const ch = text[j];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return undefined;
}

function unwrapText(s: string): string {
  const m = /^\s*\\text\{([\s\S]*)\}\s*$/.exec(s);
  return m?.[1] ?? s;
}

/**
 * The move string an answer names: inner `\boxed{x}` as `[x]`, a short bare answer (≤ 5 words, no brackets) wrapped
 * as `[answer]`, whitespace collapsed. `lenient` also trims spaces inside the brackets (`[ bet ]` → `[bet]`).
 */
export function normalizeAnswer(answer: string, mode: AnswerMode = 'lenient'): string {
  if (mode === 'strict') {
    // SPIRAL's order: wrap first (so `bet ` from `\boxed{bet }` stays `[bet ]`), then collapse and trim.
    let s = answer.replace(/\\boxed\{([^}]*)\}/g, '[$1]');
    if (!/[[\]]/.test(s) && s.split(/\s+/).filter((w) => w !== '').length <= 5) s = `[${s}]`;
    return s.replace(/\s+/g, ' ').trim();
  }
  let s = answer
    .replace(/\\boxed\{([^{}]*)\}/g, '[$1]')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length > 0 && !/[[\]]/.test(s) && s.split(' ').length <= 5) s = `[${s}]`;
  return s.replace(/\[\s+/g, '[').replace(/\s+\]/g, ']');
}

/**
 * The index in `legal` of the move the answer names, or a reason it names none. Matching is exact and
 * case-sensitive in both modes (SPIRAL's strict membership test).
 */
export function matchLegal(
  text: string,
  legal: readonly string[],
  mode: AnswerMode = 'lenient',
): { ok: true; index: number } | { ok: false; reason: string } {
  if (text.trim() === '') return { ok: false, reason: 'empty answer' };
  if (mode === 'strict') {
    const candidate = normalizeAnswer(extractBoxedStrict(text) ?? text.trim(), 'strict');
    const index = legal.indexOf(candidate);
    if (index >= 0) return { ok: true, index };
    return {
      ok: false,
      reason: `answer ${quote(candidate)} is not exactly one of ${legal.join(', ')}; end with one move in \\boxed{}, e.g. \\boxed{${legal[0] ?? ''}}`,
    };
  }
  const boxed = extractBoxedLenient(text);
  if (boxed !== undefined) {
    const candidate = normalizeAnswer(boxed);
    const index = legal.indexOf(candidate);
    if (index >= 0) return { ok: true, index };
    return { ok: false, reason: `boxed answer ${quote(candidate)} is not one of ${legal.join(', ')}` };
  }
  const whole = normalizeAnswer(text);
  const direct = legal.indexOf(whole);
  if (direct >= 0) return { ok: true, index: direct };
  const tokens = text.match(/\[[^[\]]*\]/g) ?? [];
  for (let t = tokens.length - 1; t >= 0; t--) {
    const index = legal.indexOf(normalizeAnswer(tokens[t] ?? ''));
    if (index >= 0) return { ok: true, index };
  }
  return { ok: false, reason: `no legal move (${legal.join(', ')}) found in the answer` };
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}
