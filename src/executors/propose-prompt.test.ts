import { describe, expect, it } from 'vitest';
import { proposalText, proposePrompt, readProposal } from './propose-prompt.ts';
import type { Task } from './task.ts';

const identity: Task = { type: 'deduction', program: 'lambda x: x', input: 1, output: 1 };

describe('proposer prompts and replies', () => {
  it('writes a prompt per task type, references as the proposer writes them', () => {
    const shifted: Task = { type: 'deduction', program: 'lambda x: x+4', input: -2, output: 2 };
    expect(proposePrompt('deduction', [identity, shifted])).toBe(
      'Propose deduction:\nlambda x: x | 1\nlambda x: x+4 | -2\nNew:',
    );
    expect(proposePrompt('induction', [identity])).toBe('Propose inputs:\nlambda x: x\nNew:');
    expect(() => proposePrompt('induction', [])).toThrow(/needs a reference task with a program/);
    expect(() => proposalText({ type: 'abduction', program: 'lambda x: x', output: 1 })).toThrow(/no input/);
  });

  it('reads a deduction or abduction reply into a validated task, the program in canonical form', () => {
    expect(readProposal('deduction', ' lambda x: (x*3)+1 | 4 ')).toEqual({
      ok: true,
      task: { type: 'deduction', program: 'lambda x: x*3+1', input: 4, output: 13 },
    });
    expect(readProposal('abduction', 'lambda x: x > 3 | 4')).toEqual({
      ok: true,
      task: { type: 'abduction', program: 'lambda x: x > 3', output: 1, input: 4 },
    });
  });

  it('tells a reply that is not a proposal (format) from one that makes no valid task, and never throws', () => {
    for (const reply of ['', 'hello', 'lambda x: x', '13', 'x+1 | 4', 'lambda x: x | four']) {
      expect(readProposal('deduction', reply)).toMatchObject({ ok: false, format: true });
    }
    expect(readProposal('deduction', 'lambda x: x//0 | 4')).toMatchObject({ ok: false, format: false });
    expect(readProposal('deduction', 'lambda x: __import__ | 4')).toMatchObject({ ok: false, format: false });
    expect(readProposal('deduction', 'lambda x: y | 4')).toMatchObject({ ok: false, format: false });
  });

  it('reads induction inputs: the first shown, the rest hidden, outputs by the executor', () => {
    const read = readProposal('induction', '1, 2, 5, 0, -3', 'lambda x: x*3+1');
    expect(read).toEqual({
      ok: true,
      task: {
        type: 'induction',
        examples: [
          [1, 4],
          [2, 7],
          [5, 16],
        ],
        hidden: [
          [0, 1],
          [-3, -8],
        ],
        program: 'lambda x: x*3+1',
      },
    });
    if (read.ok) expect(proposalText(read.task)).toBe('1, 2, 5, 0, -3');
    expect(readProposal('induction', '1, 2, x', 'lambda x: x')).toMatchObject({ ok: false, format: true });
    expect(readProposal('induction', '1, 2, 3', 'lambda x: x')).toMatchObject({ ok: false, format: false });
    expect(readProposal('induction', '1, 2, 2, 4, 5', 'lambda x: x')).toMatchObject({
      ok: false,
      reason: 'an input is repeated',
    });
    expect(readProposal('induction', '1, 2, 0, 4, 5', 'lambda x: 1//x')).toMatchObject({ ok: false, format: false });
  });

  it("reads an instruction-following model's boxed proposal as the bare one", () => {
    const boxed = readProposal('deduction', 'A new puzzle: \\boxed{lambda x: x*3+1 | 4}');
    expect(boxed).toEqual(readProposal('deduction', 'lambda x: x*3+1 | 4'));
    expect(boxed.ok).toBe(true);
    expect(readProposal('induction', 'Inputs: \\boxed{1, 2, 5, 0, -3}', 'lambda x: x*3+1').ok).toBe(true);
  });
});
