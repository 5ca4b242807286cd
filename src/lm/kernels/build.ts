import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KernelError } from './errors.ts';

/**
 * Builds the wasm kernels from the C in ./c with Debian's clang-16 + lld-16 (`apt-get install clang-16 lld-16`).
 * C rather than hand-written WAT: the packed matmul and the polynomial exp are far shorter and easier to check
 * in C vector extensions, and clang's output ran as fast as hand-assembled WAT in the research measurements.
 * The built .wasm files are committed, so running the kernels never needs the toolchain; a test rebuilds them
 * and compares bytes wherever clang-16 is installed (CI installs it).
 */
export type WasmVariant = 'simd' | 'relaxed';

export const CLANG = 'clang-16';
export const KERNEL_SOURCES = ['matmul.c', 'ops.c', 'optim.c'] as const;
export const SOURCE_DIR = fileURLToPath(new URL('./c/', import.meta.url));
export const WASM_DIR = fileURLToPath(new URL('./wasm/', import.meta.url));

export function wasmFileName(variant: WasmVariant): string {
  return `kernels-${variant}.wasm`;
}

/** clang arguments for one variant (sources are relative to SOURCE_DIR, the working directory of the build). */
export function clangArgs(variant: WasmVariant, outFile: string): string[] {
  return [
    '--target=wasm32',
    '-O3',
    '-msimd128',
    ...(variant === 'relaxed' ? ['-mrelaxed-simd', '-DRELAXED'] : []),
    '-ffreestanding',
    '-nostdlib',
    // Shared memory (for the worker pool) needs the atomics and bulk-memory features in the module.
    '-matomics',
    '-mbulk-memory',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-Wl,--no-entry',
    '-Wl,--import-memory',
    '-Wl,--shared-memory',
    '-Wl,--max-memory=4294967296',
    // The kernels use no linear-memory stack (checked: no global.get of the stack pointer); keep it tiny.
    '-Wl,-z,stack-size=4096',
    '-Wl,--stack-first',
    '-Wl,--strip-all',
    '-o',
    outFile,
    ...KERNEL_SOURCES,
  ];
}

export function clangAvailable(): boolean {
  try {
    execFileSync(CLANG, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Compiles one variant to `outFile` (an absolute path). */
export function buildKernelWasm(options: { variant: WasmVariant; outFile: string }): void {
  if (!clangAvailable()) {
    throw new KernelError(
      `${CLANG} was not found; install it with \`apt-get install clang-16 lld-16\` (Debian 12) to rebuild the kernels`,
    );
  }
  execFileSync(CLANG, clangArgs(options.variant, options.outFile), { cwd: SOURCE_DIR, stdio: 'inherit' });
}
