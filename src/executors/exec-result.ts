/**
 * What the program executor returns. Every way a program can fail — it is not in the language, it names something
 * unknown, it uses a banned construct, it divides by zero, it leaves the value range, it is too big — is one of these
 * values, never an exception: the programs come from models, so failing is their normal business.
 */

/**
 * `syntax`: not a program of the grammar; `name`: an unknown name; `banned`: a construct kept out on purpose
 * (strings, attributes, imports, statements, calls to anything but abs/min/max, nested lambdas, `**`, `/`, …);
 * `runtime`: division or modulo by zero, or a value outside ±10^9; `limit`: too long, too deep, too many steps,
 * a literal above 10^9; `internal`: a bug in the executor itself (tests prove it never happens).
 */
export const failureKinds = ['syntax', 'name', 'banned', 'runtime', 'limit', 'internal'] as const;
export type FailureKind = (typeof failureKinds)[number];

/** The two runtime errors, named as Python would meet them (`ZeroDivisionError`; the range is our own rule). */
export const runtimeErrors = ['zero-division', 'out-of-range'] as const;
export type RuntimeErrorCode = (typeof runtimeErrors)[number];

export interface ExecFailure {
  readonly ok: false;
  readonly kind: FailureKind;
  /** One sentence that says what is wrong and, where it can, what to write instead. */
  readonly reason: string;
  /** For `runtime` failures: which one. */
  readonly error?: RuntimeErrorCode;
  /** Character offset in the source where the problem starts, for parse failures. */
  readonly at?: number;
}

/** Every value — literal, input, intermediate, output — lies in [−bound, bound]. */
export const valueBound = 1_000_000_000;

export interface ExecLimits {
  /** Most characters in a program's source (default 1000). */
  readonly maxSourceLength: number;
  /** Deepest nesting of the syntax tree, operator chains and parentheses included (default 100). */
  readonly maxDepth: number;
  /** Most syntax-tree nodes one run may evaluate (default 10,000). */
  readonly maxSteps: number;
}

export const defaultLimits: ExecLimits = { maxSourceLength: 1000, maxDepth: 100, maxSteps: 10_000 };

export function failure(
  kind: FailureKind,
  reason: string,
  extra: { at?: number; error?: RuntimeErrorCode } = {},
): ExecFailure {
  return { ok: false, kind, reason, ...extra };
}

/** A string shown inside a reason, cut short so a hostile 100 kB literal never floods a log. */
export function show(text: string, max = 24): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}
