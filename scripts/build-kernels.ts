// `npm run build:kernels`: rebuilds src/lm/kernels/wasm/*.wasm from the C sources (needs clang-16 and lld-16).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildKernelWasm, WASM_DIR, type WasmVariant, wasmFileName } from '../src/lm/kernels/build.ts';

for (const variant of ['simd', 'relaxed'] as const satisfies readonly WasmVariant[]) {
  const outFile = join(WASM_DIR, wasmFileName(variant));
  buildKernelWasm({ variant, outFile });
  console.log(`${outFile}: ${statSync(outFile).size} bytes`);
}
