import { describe, expect, it } from 'vitest';
import { KernelError } from './errors.ts';
import { createHeap } from './heap.ts';

describe('heap', () => {
  it('hands out 16-byte-aligned, non-overlapping offsets above the reserved area', () => {
    const heap = createHeap({ initialMiB: 4 });
    const a = heap.alloc(3);
    const b = heap.alloc(5);
    const c = heap.alloc(0);
    expect(a).toBe(heap.base);
    expect(b).toBe(a + 4);
    expect(c).toBe(b + 8);
    for (const off of [a, b, c]) expect(off % 4).toBe(0);
  });

  it('keeps data when the memory grows, and f32/i32 getters see the new size', () => {
    const heap = createHeap({ initialMiB: 4, maximumMiB: 64 });
    const a = heap.alloc(4);
    heap.f32.set([1, 2, 3, 4], a);
    const before = heap.f32.length;
    const big = heap.alloc(8 * 1024 * 1024); // 32 MiB: forces growth
    expect(heap.f32.length).toBeGreaterThan(before);
    expect(heap.i32.length).toBe(heap.f32.length);
    expect(Array.from(heap.f32.subarray(a, a + 4))).toEqual([1, 2, 3, 4]);
    heap.f32[big + 8 * 1024 * 1024 - 1] = 7;
    expect(heap.f32[big + 8 * 1024 * 1024 - 1]).toBe(7);
  });

  it('mark/release reuses the same memory for each step', () => {
    const heap = createHeap({ initialMiB: 4 });
    heap.alloc(10);
    const mark = heap.mark();
    const first = heap.alloc(100);
    heap.release(mark);
    expect(heap.alloc(100)).toBe(first);
    expect(() => heap.release(heap.top + 4)).toThrow(KernelError);
    expect(() => heap.release(3)).toThrow(/heap.mark/);
  });

  it('says how to fix exhaustion and bad sizes', () => {
    const heap = createHeap({ initialMiB: 4, maximumMiB: 8 });
    expect(() => heap.alloc(4 * 1024 * 1024)).toThrow(/raise maximumMiB/);
    expect(() => heap.alloc(-1)).toThrow(KernelError);
    expect(() => heap.alloc(1.5)).toThrow(KernelError);
    expect(() => createHeap({ maximumMiB: 8192 })).toThrow(/maximumMiB/);
  });
});
