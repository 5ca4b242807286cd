import { describe, expect, it } from 'vitest';
import { legalMassGradients } from './choice-loss.ts';

const softmax = (z: readonly number[]) => {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('legalMassGradients', () => {
  const logits = Float32Array.from([0.3, -1.2, 2.0, 0.5, -0.4, 1.1]);
  const ids = [1, 3];
  const choice = { row: 0, ids, target: [0.5, 0.5], weight: 0, massWeight: 0.7 };

  it('raises the legal tokens alike and pushes the rest down, summing to zero', () => {
    const dlogits = new Float32Array(6);
    legalMassGradients(logits, 6, [choice]).add(dlogits);
    expect(dlogits[1]).toBeCloseTo(dlogits[3]!, 6);
    expect(dlogits[1]).toBeLessThan(0);
    for (const j of [0, 2, 4, 5]) expect(dlogits[j]).toBeGreaterThan(0);
    expect(dlogits.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
  });

  it('is the gradient of its weighted NLL (weights held fixed); a step keeps the policy and adds legal mass', () => {
    const dlogits = new Float64Array(6);
    const f32 = new Float32Array(6);
    legalMassGradients(logits, 6, [choice]).add(f32);
    dlogits.set(f32);
    const p = softmax([...logits]);
    const mass = p[1]! + p[3]!;
    const w = ids.map((id) => 0.7 * (1 - mass + 2 * p[id]!));
    const nll = (z: number[]) => {
      const q = softmax(z);
      return ids.reduce((s, id, i) => s - w[i]! * Math.log(q[id]!), 0);
    };
    for (let j = 0; j < 6; j++) {
      const up = [...logits];
      const down = [...logits];
      up[j]! += 1e-5;
      down[j]! -= 1e-5;
      expect(dlogits[j]).toBeCloseTo((nll(up) - nll(down)) / 2e-5, 4);
    }
    const stepped = [...logits].map((z, j) => z - 0.1 * dlogits[j]!);
    const after = softmax(stepped);
    expect(after[1]! / after[3]!).toBeCloseTo(p[1]! / p[3]!, 6);
    expect(after[1]! + after[3]!).toBeGreaterThan(mass);
  });

  it('does nothing without a mass weight', () => {
    const dlogits = new Float32Array(6);
    const result = legalMassGradients(logits, 6, [{ ...choice, massWeight: 0 }]);
    result.add(dlogits);
    expect([...dlogits]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(result.loss).toBe(0);
  });
});
