/**
 * Proves the shipped engine really is SIMD: the module's code section must be full of v128
 * arithmetic. A build that silently lost `+simd128` (scalar code only) fails here. (Building the
 * kernels for wasm32 without simd128 is also a compile error — see crates/vb-kernels/src/simd.rs.)
 */
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';

const wasm = readFileSync(new URL('../wasm/vb_wasm_bg.wasm', import.meta.url));

describe('the built engine', () => {
  it('contains SIMD (v128) arithmetic in its code section', async () => {
    const wabt = await wabtInit();
    const module = wabt.readWasm(wasm, { readDebugNames: false, simd: true });
    const text = module.toText({ foldExprs: false, inlineExport: false });
    module.destroy();
    const count = (op: string) => text.split(op).length - 1;
    // The GEMM micro-kernel, tanh and the elementwise updates use these.
    expect(count('f32x4.mul')).toBeGreaterThan(50);
    expect(count('f32x4.add')).toBeGreaterThan(50);
    expect(count('v128.load')).toBeGreaterThan(20);
    expect(count('f32x4.div')).toBeGreaterThan(0); // the vectorised tanh
  });

  it('is rejected by a validator that does not know SIMD (so it cannot run on a non-SIMD engine silently)', async () => {
    const wabt = await wabtInit();
    expect(() => wabt.readWasm(wasm, { readDebugNames: false, simd: false }).validate()).toThrow();
  });
});
