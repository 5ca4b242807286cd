/** A fault in the kernel layer: bad shapes or offsets, an exhausted heap, a missing or unusable backend. */
export class KernelError extends Error {
  override readonly name = 'KernelError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
