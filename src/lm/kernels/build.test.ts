import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKernelWasm, CLANG, clangAvailable, WASM_DIR, type WasmVariant, wasmFileName } from './build.ts';

// The committed .wasm files must be exactly what the C sources build to. CI installs clang-16/lld-16 so this
// really runs there; elsewhere it is skipped, with the install command in its name.
const available = clangAvailable();
const title = available
  ? `committed wasm matches a fresh ${CLANG} build`
  : `committed wasm matches a fresh build — SKIPPED: ${CLANG} not installed (apt-get install clang-16 lld-16)`;

describe(title, () => {
  it.skipIf(!available).each(['simd', 'relaxed'] as const satisfies readonly WasmVariant[])('%s', (variant) => {
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-kernels-'));
    try {
      const outFile = join(dir, wasmFileName(variant));
      buildKernelWasm({ variant, outFile });
      const fresh = readFileSync(outFile);
      const committed = readFileSync(join(WASM_DIR, wasmFileName(variant)));
      expect(
        Buffer.compare(fresh, committed),
        `src/lm/kernels/wasm/${wasmFileName(variant)} is stale: run \`npm run build:kernels\` and commit the result`,
      ).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
