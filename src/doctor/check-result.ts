/**
 * One endpoint check's outcome: `detail` says what was seen when it passed, and what is wrong and how to fix it when
 * it failed. A failure is a value, never a thrown error: the doctor reports every check it can run.
 */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export const passed = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
export const failed = (name: string, detail: string): CheckResult => ({ name, ok: false, detail });

/** The longest check name ("sampler token ids + log-probs"), so the details line up. */
export const checkNameWidth = 29;

/** One line per check: servers' messages may hold newlines (zod's pretty errors), which would break the layout. */
export function formatCheck(result: CheckResult, nameWidth = 0): string {
  const detail = result.detail.replace(/\s*\n\s*/g, ' ').trim();
  return `${result.ok ? 'ok  ' : 'FAIL'}  ${result.name.padEnd(nameWidth)}  ${detail}`;
}

/** The message of anything thrown, for a check's detail. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
