import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { jsonLines } from '../../util/json-lines.ts';
import {
  canonicalExpr,
  describeError,
  firstWrongStep,
  maxTraceSteps,
  readStep,
  referenceTrace,
  type ScriptedError,
  scriptedErrors,
  type TaskLineError,
  type TraceStep,
  valueBound,
} from '../../executors/index.ts';

/** One line of a critic evaluation file: a trace of `program` at `input`, and its first wrong step (null: clean). */
export interface CriticItem {
  readonly program: string;
  readonly input: number;
  readonly steps: readonly string[];
  readonly firstWrong: number | null;
  /** How the scripted corrupter made the wrong step (corrupted items only). */
  readonly error?: ScriptedError;
}

/** An item as one JSON line, keys in the documented order. */
export function criticItemLine(item: CriticItem): string {
  const { program, input, steps, firstWrong, error } = item;
  return JSON.stringify({ program, input, steps, firstWrong, ...(error === undefined ? {} : { error }) });
}

export function criticItemsToJsonl(items: readonly CriticItem[]): string {
  return items.map((item) => `${criticItemLine(item)}\n`).join('');
}

const itemSchema = z.strictObject({
  program: z.string().min(1),
  input: z.int().min(-valueBound).max(valueBound),
  steps: z.array(z.string()).min(1).max(maxTraceSteps),
  firstWrong: z.int().min(1).nullable(),
  error: z.enum(scriptedErrors).optional(),
});

/** A critic file that cannot be used; the message lists the lines at fault and what to change. */
export class CriticFileError extends Error {
  override readonly name = 'CriticFileError';
  constructor(
    message: string,
    readonly errors: readonly TaskLineError[],
  ) {
    super(message);
  }
}

/**
 * Reads critic-file text (JSONL, blank lines skipped): each line's keys (unknown keys are errors), its program (in the
 * language, running on the input), each step (read as `EXPR = VALUE`, the same expression as the reference trace's
 * step, as many steps) and `firstWrong` (what the checker finds). Returns the good items and an error per bad line.
 */
export function checkCriticLines(text: string): { items: CriticItem[]; errors: TaskLineError[] } {
  const items: CriticItem[] = [];
  const errors: TaskLineError[] = [];
  for (const entry of jsonLines(text)) {
    const { line } = entry;
    if (entry.error) {
      errors.push({ line, message: `not JSON (${entry.error.message})` });
      continue;
    }
    const json = entry.value;
    const parsed = itemSchema.safeParse(json);
    if (!parsed.success) {
      errors.push({ line, ...schemaProblem(parsed.error) });
      continue;
    }
    const item: CriticItem = parsed.data;
    const problem = checkItem(item);
    if (problem) errors.push({ line, ...problem });
    else items.push(item);
  }
  return { items, errors };
}

function schemaProblem(error: z.ZodError): { key?: string; message: string } {
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    return { key: issue.keys.join(', '), message: 'unknown key; lines have program, input, steps, firstWrong, error' };
  }
  const key = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`));
  return { ...(key.length > 0 ? { key: key.join('') } : {}), message: issue.message };
}

function checkItem(item: CriticItem): { key: string; message: string } | undefined {
  const reference = referenceTrace(item.program, item.input);
  if (!reference.ok) return { key: 'program', message: `no trace at input ${item.input}: ${reference.reason}` };
  const steps: TraceStep[] = [];
  for (const [i, line] of item.steps.entries()) {
    const read = readStep(line);
    if (!read.ok) return { key: `steps[${i}]`, message: read.reason };
    const expected = reference.steps[i]?.expr;
    if (canonicalExpr(read.step.expr) !== expected) {
      const want = expected === undefined ? 'no more steps' : `the expression ${expected}`;
      return { key: `steps[${i}]`, message: `step ${i + 1} of the program's trace is ${want}` };
    }
    steps.push(read.step);
  }
  if (steps.length < reference.steps.length) {
    return { key: 'steps', message: `the trace has ${reference.steps.length} steps, not ${steps.length}` };
  }
  const firstWrong = firstWrongStep(steps, item.input);
  if (firstWrong !== item.firstWrong) {
    return {
      key: 'firstWrong',
      message: `the first wrong step is ${firstWrong ?? 'none (null)'}, not ${item.firstWrong ?? 'null'}`,
    };
  }
  return undefined;
}

/** Parses critic-file text; a bad line is a `CriticFileError` naming the line and the key. */
export function parseCriticFile(text: string, source = 'critic file'): CriticItem[] {
  const { items, errors } = checkCriticLines(text);
  if (errors.length > 0) {
    const shown = errors.slice(0, 10).map((e) => `  ${describeError(source, e)}`);
    const more = errors.length > 10 ? [`  … and ${errors.length - 10} more`] : [];
    throw new CriticFileError(
      `${source} has ${errors.length} bad line${errors.length === 1 ? '' : 's'} (format: docs/self-play-critic.md):\n${[...shown, ...more].join('\n')}`,
      errors,
    );
  }
  if (items.length === 0) throw new CriticFileError(`${source} holds no traces (one JSON object per line)`, []);
  return items;
}

export async function readCriticFile(path: string): Promise<CriticItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CriticFileError(`cannot read the critic file ${path}: ${(cause as Error).message}`, []);
  }
  return parseCriticFile(text, path);
}
