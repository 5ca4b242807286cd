import { describe, expect, it } from 'vitest';
import { checkAnswer } from './check-answer.ts';
import { generateBenchmark } from './generate-tasks.ts';
import { corpusExclusion, type CorpusExample, createProgramCorpus, programCorpusExamples } from './program-corpus.ts';
import { readProposal } from './propose-prompt.ts';
import type { DeductionTask } from './task.ts';
import { taskPrompt } from './task-prompt.ts';
import { checkStep, firstWrongStep, isRightTrace, readStep, readTrace, referenceTrace } from './trace.ts';
import { readCritique } from './critique-prompt.ts';
import { judgePrompt, readJudgement } from './judge-prompt.ts';

const benchmark = generateBenchmark();
const exclude = corpusExclusion(benchmark);
const texts = (examples: readonly CorpusExample[]) => examples.map((e) => `${e.prompt}\n${e.answer}`);

describe('program corpus', () => {
  it('is a deterministic function of the seed', () => {
    const a = programCorpusExamples({ seed: 7, exclude, chunk: 16 }, 300);
    const b = programCorpusExamples({ seed: 7, exclude, chunk: 16 }, 300);
    const c = programCorpusExamples({ seed: 8, exclude, chunk: 16 }, 300);
    expect(texts(b)).toEqual(texts(a));
    expect(texts(c)).not.toEqual(texts(a));
    // Different seeds share almost nothing.
    const other = new Set(texts(c));
    expect(texts(a).filter((t) => other.has(t)).length).toBeLessThan(30);
  });

  it('mixes solver and proposer examples of every type, with 1..6 references', () => {
    const examples = programCorpusExamples({ seed: 1, chunk: 32 }, 600);
    for (const role of ['solve', 'propose'] as const) {
      for (const type of ['deduction', 'abduction', 'induction'] as const) {
        expect(examples.some((e) => e.role === role && e.type === type)).toBe(true);
      }
    }
    const counts = new Set(
      examples.filter((e) => e.role === 'propose' && e.type !== 'induction').map((e) => e.references!.length),
    );
    expect([...counts].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes answers that parse back: solver answers are judged right, proposals read back into the same task', () => {
    for (const e of programCorpusExamples({ seed: 3, exclude, chunk: 32 }, 1200)) {
      if (e.role === 'solve') {
        expect(e.prompt).toBe(taskPrompt(e.task));
        expect(e.answer).not.toContain('boxed');
        expect(checkAnswer(e.task, e.answer).correct).toBe(true);
      } else if (e.role === 'propose') {
        const program = e.type === 'induction' ? e.references![0]!.program : undefined;
        const read = readProposal(e.type, e.answer, program);
        expect(read).toEqual({ ok: true, task: e.task });
      }
    }
  });

  it('never shows a benchmark program or induction example list, anywhere', () => {
    const programs = new Set(benchmark.flatMap((t) => (t.program === undefined ? [] : [t.program])));
    const exampleLists = benchmark.flatMap((t) =>
      t.type === 'induction' ? [t.examples.map(([i, o]) => `${i} -> ${o}`).join(', ')] : [],
    );
    const corpus = createProgramCorpus({ seed: 1, exclude, chunk: 64 });
    const examples = Array.from({ length: 20_000 }, () => corpus.next());
    let seen = 0;
    const leaks: string[] = [];
    for (const text of texts(examples)) {
      // Every program in the text, whole: prompt lines, references and answers.
      for (const match of text.matchAll(/lambda x:[^|\n]*/g)) {
        seen++;
        if (programs.has(match[0].trim())) leaks.push(match[0]);
      }
      for (const list of exampleLists) if (text.includes(`Examples: ${list}\n`)) leaks.push(list);
    }
    expect(leaks).toEqual([]);
    expect(seen).toBeGreaterThan(20_000);
    // Without the exclusion the same stream does teach benchmark programs: the test can see a leak.
    const open = programCorpusExamples({ seed: 1, chunk: 64 }, 20_000);
    const leaked = texts(open).filter((text) =>
      [...text.matchAll(/lambda x:[^|\n]*/g)].some((m) => programs.has(m[0].trim())),
    );
    expect(leaked.length).toBeGreaterThan(0);
  });

  it('trims references, then skips, for examples that do not fit', () => {
    const fits = (prompt: string, answer: string) => prompt.length + answer.length <= 120;
    const corpus = createProgramCorpus({ seed: 2, chunk: 32, fits });
    const examples = Array.from({ length: 1000 }, () => corpus.next());
    expect(examples.every((e) => fits(e.prompt, e.answer))).toBe(true);
    const stats = corpus.stats();
    expect(stats.trimmed).toBeGreaterThan(0);
    expect(stats.examples).toBe(1000);
  });

  it("teaches the judge and SPC's roles answers the executor agrees with", () => {
    const examples = programCorpusExamples({ seed: 5, exclude, chunk: 32 }, 2000);
    const byRole = (role: CorpusExample['role']) => examples.filter((e) => e.role === role);
    const judged = byRole('judge');
    expect(judged.length).toBeGreaterThan(50);
    const verdicts = judged.map((e) => {
      // The judged answer is the prompt's text between the task's prompt and `Right?`.
      const answer = e.prompt.slice(taskPrompt(e.task).length + 1, -'\nRight?'.length);
      expect(e.prompt).toBe(judgePrompt(e.task, answer));
      const read = readJudgement(e.answer);
      expect(read).toEqual({ ok: true, right: checkAnswer(e.task, answer).correct });
      return read.ok && read.right;
    });
    // Both verdicts are taught, each often.
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(judged.length * 0.3);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(judged.length * 0.3);

    for (const e of byRole('trace')) {
      const task = e.task as DeductionTask;
      const reference = referenceTrace(task.program, task.input);
      const read = readTrace(e.answer);
      expect(reference.ok && read.ok && isRightTrace(reference.steps, read.steps, task.input)).toBe(true);
    }
    const corrupt = byRole('corrupt');
    expect(corrupt.length).toBeGreaterThan(20);
    for (const e of corrupt) {
      const step = readStep(e.answer);
      expect(step.ok && checkStep(step.step, (e.task as DeductionTask).input)).toBe('false');
    }
    const critiques = byRole('critique');
    expect(critiques.map((e) => e.answer)).toContain('none');
    for (const e of critiques) {
      const shown = e.prompt
        .split('\n')
        .flatMap((line) => (/^\d+\. /.test(line) ? [readStep(line.replace(/^\d+\. /, ''))] : []));
      const steps = shown.map((s) => (s.ok ? s.step : { expr: '?', value: '?' }));
      const read = readCritique(e.answer);
      expect(read).toEqual({ ok: true, firstWrong: firstWrongStep(steps, (e.task as DeductionTask).input) });
    }
  });
});
