import { setFlagsFromString } from 'node:v8';

// The smallest module that uses a relaxed-SIMD instruction: (func (param v128 v128 v128) (result v128)
// (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))). Validating it is the feature test.
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

/** Whether this runtime accepts relaxed-SIMD wasm right now. */
export function relaxedSimdSupported(): boolean {
  return WebAssembly.validate(RELAXED_PROBE);
}

/**
 * Turns relaxed SIMD on where the runtime has it behind a flag (Node 20: `--experimental-wasm-relaxed-simd`;
 * on by default from Node 22) and reports whether it is now available. V8 reads the flag when it compiles or
 * validates a module, so calling this once at start-up, before any kernels are created, is enough (the CLI
 * should, at start-up). Idempotent and harmless where the flag is unknown or already on.
 */
export function enableRelaxedSimd(): boolean {
  if (relaxedSimdSupported()) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}
