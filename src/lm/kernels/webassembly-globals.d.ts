// Node has the WebAssembly global, but with `lib: ["ES2023"]` and no DOM lib TypeScript has no types for it.
// These are the few members the kernels use, as the WebAssembly JS API specifies them.
export {};

declare global {
  namespace WebAssembly {
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
      shared?: boolean;
    }
    class Memory {
      constructor(descriptor: MemoryDescriptor);
      readonly buffer: ArrayBuffer | SharedArrayBuffer;
      grow(delta: number): number;
    }
    class Module {
      constructor(bytes: BufferSource);
      static exports(module: Module): { name: string; kind: string }[];
      static imports(module: Module): { module: string; name: string; kind: string }[];
    }
    type ImportValue = Memory | ((...args: number[]) => number | undefined) | number;
    type Imports = Record<string, Record<string, ImportValue>>;
    class Instance {
      constructor(module: Module, imports?: Imports);
      readonly exports: Record<string, unknown>;
    }
    function validate(bytes: BufferSource): boolean;
  }
}
