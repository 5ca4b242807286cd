import { defaultLimits, type ExecFailure, type ExecLimits, failure } from './exec-result.ts';
import { formatProgram } from './format-program.ts';
import { parseProgram } from './parse-program.ts';
import type { Program } from './program-ast.ts';
import { type RunSuccess, runProgram } from './run-program.ts';

export type ProgramValidation =
  | {
      readonly ok: true;
      readonly program: Program;
      /** The program as `formatProgram` writes it (fewest parentheses, standard spacing). */
      readonly canonical: string;
      /** One result per input, in order. */
      readonly outputs: readonly RunSuccess[];
    }
  | (ExecFailure & { readonly input?: number });

/**
 * AZR's validation chain for a proposed program (research/systems.md §2.5): it parses in the language (which also
 * rules out every banned construct), runs without error on each given input, and is deterministic — it runs twice
 * and both runs must agree. The executor has no source of nondeterminism, so the second run can only agree; it is
 * kept so the report states the check rather than assumes it. The first problem is returned, with its input.
 */
export function validateProgram(
  source: string,
  inputs: readonly number[],
  limits: ExecLimits = defaultLimits,
): ProgramValidation {
  const parsed = parseProgram(source, limits);
  if (!parsed.ok) return parsed;
  const outputs: RunSuccess[] = [];
  for (const input of inputs) {
    const first = runProgram(parsed.program, input, limits);
    if (!first.ok) return { ...first, input };
    const second = runProgram(parsed.program, input, limits);
    if (!second.ok || second.repr !== first.repr) {
      return { ...failure('internal', `the program gave two results on input ${input}; please report it`), input };
    }
    outputs.push(first);
  }
  return { ok: true, program: parsed.program, canonical: formatProgram(parsed.program), outputs };
}
