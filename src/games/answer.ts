/**
 * Reading a move out of a model's answer, the SPIRAL way (research/spiral.md §3.2):
 * take the last brace-matched `\boxed{…}` (or `\fbox{…}`), unwrap `\text{…}`, wrap a short bare answer in
 * brackets, collapse whitespace, then match a legal move exactly. Without a boxed answer, the last bracketed
 * token in the text that names a legal move counts (TextArena's envs read `[bet]` out of free text too).
 */

/** Content of the last `\boxed{…}` (brace-matched), or undefined if there is none or it never closes. */
export function extractBoxed(text: string): string | undefined {
  for (const command of ['\\boxed', '\\fbox']) {
    const start = text.lastIndexOf(command);
    if (start < 0) continue;
    let i = start + command.length;
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text[i] !== '{') continue;
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const ch = text[j];
      if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        if (depth === 0) return unwrapText(text.slice(i + 1, j));
      }
    }
  }
  return undefined;
}

function unwrapText(s: string): string {
  const m = /^\s*\\text\{([\s\S]*)\}\s*$/.exec(s);
  return m?.[1] ?? s;
}

/** Whitespace collapsed, and a short bare answer (≤ 5 words, no brackets) wrapped as `[answer]`. */
export function normalizeAnswer(answer: string): string {
  let s = answer
    .replace(/\\boxed\{([^{}]*)\}/g, '[$1]')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length > 0 && !/[[\]]/.test(s) && s.split(' ').length <= 5) s = `[${s}]`;
  return s.replace(/\[\s+/g, '[').replace(/\s+\]/g, ']');
}

/**
 * The index in `legal` of the move the answer names, or a reason it names none.
 * Matching is exact and case-sensitive, as in SPIRAL; `[ bet ]` still matches `[bet]` (whitespace is collapsed).
 */
export function matchLegal(
  text: string,
  legal: readonly string[],
): { ok: true; index: number } | { ok: false; reason: string } {
  if (text.trim() === '') return { ok: false, reason: 'empty answer' };
  const boxed = extractBoxed(text);
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
