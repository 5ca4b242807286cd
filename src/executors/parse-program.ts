import { defaultLimits, type ExecFailure, type ExecLimits, failure, show } from './exec-result.ts';
import { type BuiltinName, builtinArity, children, type CompareOp, type Expr, type Program } from './program-ast.ts';
import { type Token, tokenize } from './tokenize.ts';

// Python keywords this language does not use, or uses only where the grammar puts them.
const pythonKeywords = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);
// Keywords that belong to the grammar here and are only misplaced when met where an expression should start.
const grammarKeywords = new Set(['and', 'or', 'if', 'else']);
const compareTokens = new Set<string>(['<', '<=', '>', '>=', '==', '!=']);

class ParseStop {
  constructor(readonly result: ExecFailure) {}
}

/**
 * Parses `lambda x: EXPR` (see docs/executors.md for the grammar) into a syntax tree. Precedence, associativity and
 * chained comparisons are Python's; everything outside the language is a failure value naming what and where.
 * Never throws: a fault in the parser itself comes back as kind `internal`.
 */
export function parseProgram(
  source: string,
  limits: ExecLimits = defaultLimits,
): { ok: true; program: Program } | ExecFailure {
  try {
    return parseUnchecked(source, limits);
  } catch (error) {
    if (error instanceof ParseStop) return error.result;
    return failure('internal', `executor fault while parsing: ${String(error)}; please report it`);
  }
}

function parseUnchecked(source: string, limits: ExecLimits): { ok: true; program: Program } | ExecFailure {
  if (typeof source !== 'string') return failure('syntax', 'a program is a string');
  if (source.length > limits.maxSourceLength) {
    return failure('limit', `the program has ${source.length} characters; the limit is ${limits.maxSourceLength}`);
  }
  const text = source.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const offset = source.length - source.replace(/^[ \t\r\n]+/, '').length;
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed.at === undefined ? lexed : { ...lexed, at: lexed.at + offset };
  const tokens = lexed.tokens;
  let pos = 0;
  let nesting = 0;

  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const stop = (kind: ExecFailure['kind'], reason: string, at: number): never => {
    throw new ParseStop(failure(kind, reason, { at: at + offset }));
  };
  const describe = (t: Token): string => {
    switch (t.t) {
      case 'int':
        return `${t.value}`;
      case 'name':
        return t.name;
      case 'op':
        return t.op;
      case 'end':
        return 'the end';
      default:
        return t satisfies never;
    }
  };
  const isName = (t: Token, name: string) => t.t === 'name' && t.name === name;
  const isOp = (t: Token, op: string) => t.t === 'op' && t.op === op;
  const expectOp = (op: string, context: string) => {
    const t = next();
    if (!isOp(t, op)) unexpected(t, `expected ${show(op)} ${context}`);
  };
  const unexpected = (t: Token, expected: string): never => {
    if (t.t === 'end') return stop('syntax', `the program ends early: ${expected}`, t.at);
    if (t.t === 'name' && pythonKeywords.has(t.name) && !grammarKeywords.has(t.name) && t.name !== 'not') {
      return stop('banned', `the keyword ${t.name} is not part of the language (at ${t.at})`, t.at);
    }
    if (t.t === 'name' && (t.name === 'in' || t.name === 'is')) {
      return stop('banned', `${t.name} comparisons are not part of the language (at ${t.at})`, t.at);
    }
    return stop('syntax', `unexpected ${show(describe(t))} at ${t.at}: ${expected}`, t.at);
  };
  const enter = (at: number) => {
    if (++nesting > limits.maxDepth) stop('limit', `the program nests deeper than ${limits.maxDepth} levels`, at);
  };

  const expr = (): Expr => {
    enter(peek().at);
    const then = orTest();
    let result = then;
    if (isName(peek(), 'if')) {
      next();
      const cond = orTest();
      const t = next();
      if (!isName(t, 'else')) unexpected(t, 'a conditional expression needs else: A if C else B');
      const otherwise = expr();
      result = { k: 'if', then, cond, otherwise };
    }
    nesting--;
    return result;
  };
  const orTest = (): Expr => {
    let left = andTest();
    while (isName(peek(), 'or')) {
      next();
      left = { k: 'or', left, right: andTest() };
    }
    return left;
  };
  const andTest = (): Expr => {
    let left = notTest();
    while (isName(peek(), 'and')) {
      next();
      left = { k: 'and', left, right: notTest() };
    }
    return left;
  };
  const notTest = (): Expr => {
    const t = peek();
    if (!isName(t, 'not')) return comparison();
    next();
    enter(t.at);
    const arg = notTest();
    nesting--;
    return { k: 'not', arg };
  };
  const comparison = (): Expr => {
    const first = arith();
    const rest: { op: CompareOp; right: Expr }[] = [];
    for (;;) {
      const t = peek();
      if (t.t === 'op' && compareTokens.has(t.op)) {
        next();
        rest.push({ op: t.op as CompareOp, right: arith() });
        continue;
      }
      if (isName(t, 'in') || isName(t, 'is') || (isName(t, 'not') && isName(tokens[pos + 1]!, 'in'))) {
        stop('banned', `in / is comparisons are not part of the language (at ${t.at})`, t.at);
      }
      break;
    }
    return rest.length === 0 ? first : { k: 'compare', first, rest };
  };
  const arith = (): Expr => {
    let left = term();
    for (let t = peek(); t.t === 'op' && (t.op === '+' || t.op === '-'); t = peek()) {
      next();
      left = { k: 'arith', op: t.op, left, right: term() };
    }
    return left;
  };
  const term = (): Expr => {
    let left = factor();
    for (let t = peek(); t.t === 'op' && (t.op === '*' || t.op === '//' || t.op === '%'); t = peek()) {
      next();
      left = { k: 'arith', op: t.op, left, right: factor() };
    }
    return left;
  };
  const factor = (): Expr => {
    const t = peek();
    if (t.t === 'op' && (t.op === '-' || t.op === '+')) {
      next();
      enter(t.at);
      const arg = factor();
      nesting--;
      return { k: t.op === '-' ? 'neg' : 'pos', arg };
    }
    const e = atom();
    const after = peek();
    if (isOp(after, '(')) stop('banned', `only abs, min and max may be called (call at ${after.at})`, after.at);
    return e;
  };
  const atom = (): Expr => {
    const t = next();
    if (t.t === 'int') return { k: 'int', value: t.value };
    if (t.t === 'op') {
      if (t.op !== '(') return unexpected(t, 'expected an expression');
      if (isOp(peek(), ')')) stop('banned', `tuples are not part of the language (at ${t.at})`, t.at);
      const inner = expr();
      if (isOp(peek(), ',')) stop('banned', `tuples are not part of the language (at ${peek().at})`, peek().at);
      expectOp(')', `to close the ( at ${t.at}`);
      return inner;
    }
    if (t.t === 'end') return unexpected(t, 'expected an expression');
    const { name } = t;
    if (name === 'x') return { k: 'x' };
    if (name === 'True' || name === 'False') return { k: 'bool', value: name === 'True' };
    if (name === 'abs' || name === 'min' || name === 'max') return call(name, t.at);
    if (name === 'lambda')
      return stop('banned', `a lambda inside the program is not part of the language (at ${t.at})`, t.at);
    if (name === 'not') {
      return stop('syntax', `not cannot stand here without parentheses, e.g. 1 + (not x) (at ${t.at})`, t.at);
    }
    if (pythonKeywords.has(name)) return unexpected(t, 'expected an expression');
    if (isOp(peek(), '(')) {
      return stop('banned', `only abs, min and max may be called, not ${show(name)} (at ${t.at})`, t.at);
    }
    return stop('name', `unknown name ${show(name)} at ${t.at}; the only variable is x`, t.at);
  };
  const call = (fn: BuiltinName, at: number): Expr => {
    if (!isOp(peek(), '(')) stop('syntax', `${fn} is a function: call it, e.g. ${fn}(x) (at ${at})`, at);
    next();
    const args: Expr[] = [];
    if (!isOp(peek(), ')')) {
      args.push(expr());
      while (isOp(peek(), ',')) {
        next();
        args.push(expr());
      }
    }
    expectOp(')', `to close the call of ${fn} at ${at}`);
    const arity = builtinArity[fn];
    if (args.length !== arity) {
      stop('syntax', `${fn} takes ${arity} argument${arity === 1 ? '' : 's'} here, got ${args.length} (at ${at})`, at);
    }
    return { k: 'call', fn, args };
  };

  const head = next();
  if (head.t === 'name' && pythonKeywords.has(head.name) && !isName(head, 'lambda')) {
    unexpected(head, 'a program is lambda x: EXPR');
  }
  if (!isName(head, 'lambda')) {
    return failure('syntax', `a program is lambda x: EXPR; it starts with ${show(describe(head))}`, {
      at: head.at + offset,
    });
  }
  const param = next();
  if (!(param.t === 'name' && param.name === 'x')) {
    const got = param.t === 'name' ? `, not ${show(param.name)}` : '';
    return failure('syntax', `the program takes one parameter named x (lambda x: EXPR)${got}`, {
      at: param.at + offset,
    });
  }
  if (isOp(peek(), ',')) return failure('syntax', 'the program takes one parameter, x', { at: peek().at + offset });
  expectOp(':', 'after lambda x');
  const body = expr();
  const end = peek();
  if (end.t !== 'end') unexpected(end, 'expected the end of the program (is an operator missing?)');
  const { size, depth } = measure(body);
  if (depth > limits.maxDepth) {
    return failure(
      'limit',
      `the program nests ${depth} levels deep (operator chains count); the limit is ${limits.maxDepth}`,
    );
  }
  return { ok: true, program: { body, size, depth } };
}

/** Node count and depth, walked with an explicit stack so no tree can exhaust the call stack here. */
export function measure(root: Expr): { size: number; depth: number } {
  let size = 0;
  let depth = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    size++;
    if (d > depth) depth = d;
    for (const c of children(e)) stack.push([c, d + 1]);
  }
  return { size, depth };
}
