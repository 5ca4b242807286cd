/**
 * The benchmark's comparison point: the same Llama-family model (RMSNorm, rotary embeddings, causal attention,
 * SwiGLU, untied head) written with @tensorflow/tfjs ops on the tfjs-backend-wasm backend — the library a
 * TypeScript user would reach for. Adam from tfjs stands in for AdamW (decoupled decay costs one extra axpy).
 * Embedding lookup is `oneHot · E` because `gather` has no gradient on the wasm backend (research/compute.md §4).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { ModelConfig } from '../src/lm/config.ts';

export interface TfjsModel {
  /** One forward + backward + Adam update on a batch; resolves to the loss. */
  step(tokens: Int32Array, targets: Int32Array): Promise<number>;
  dispose(): void;
}

export async function createTfjsModel(config: ModelConfig, batch: number): Promise<TfjsModel> {
  await tf.setBackend('wasm');
  await tf.ready();
  const { vocabSize: V, width: D, heads: H, mlpHidden: F, context: T, layers: L } = config;
  const hd = D / H;
  const init = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, config.initStd, 'float32', 1));
  const ones = (n: number) => tf.variable(tf.ones([n]));
  const embed = init([V, D]);
  const blocks = Array.from({ length: L }, () => ({
    n1: ones(D),
    q: init([D, D]),
    k: init([D, D]),
    v: init([D, D]),
    o: init([D, D]),
    n2: ones(D),
    gate: init([D, F]),
    up: init([D, F]),
    down: init([F, D]),
  }));
  const finalNorm = ones(D);
  const head = init([D, V]);

  // Rotary tables in the rotate-half layout (HF Llama): angle t·θ^(-2j/hd) for j < hd/2, repeated for both halves.
  const ang = new Float32Array(T * hd);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < hd / 2; j++) {
      const a = t * config.ropeTheta ** ((-2 * j) / hd);
      ang[t * hd + j] = a;
      ang[t * hd + j + hd / 2] = a;
    }
  }
  const cos = tf.keep(tf.cos(tf.tensor2d(ang, [T, hd])));
  const sin = tf.keep(tf.sin(tf.tensor2d(ang, [T, hd])));
  const mask = tf.keep(tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9));
  const optimizer = tf.train.adam(1e-3, 0.9, 0.95, 1e-8);

  const rms = (x: tf.Tensor, g: tf.Tensor) =>
    tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), config.normEps))), g);
  const rope = (x: tf.Tensor) => {
    // x: [B, H, T, hd]
    const [a, b] = tf.split(x, 2, -1) as [tf.Tensor, tf.Tensor];
    return tf.add(tf.mul(x, cos), tf.mul(tf.concat([tf.neg(b), a], -1), sin));
  };
  const heads = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [batch, T, H, hd]), [0, 2, 1, 3]);

  const loss = (tokens: tf.Tensor, targets: tf.Tensor) => {
    let x = tf.reshape(tf.matMul(tf.oneHot(tokens, V), embed), [batch * T, D]);
    for (const b of blocks) {
      const h = rms(x, b.n1);
      const q = rope(heads(tf.matMul(h, b.q)));
      const k = rope(heads(tf.matMul(h, b.k)));
      const v = heads(tf.matMul(h, b.v));
      const att = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)), mask));
      const y = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [batch * T, D]);
      x = tf.add(x, tf.matMul(y, b.o));
      const h2 = rms(x, b.n2);
      const g = tf.matMul(h2, b.gate);
      x = tf.add(x, tf.matMul(tf.mul(tf.mul(g, tf.sigmoid(g)), tf.matMul(h2, b.up)), b.down));
    }
    const logits = tf.matMul(rms(x, finalNorm), head);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, V), logits) as tf.Scalar;
  };

  return {
    async step(tokens, targets) {
      const result = tf.tidy(() => {
        const tok = tf.tensor1d(tokens, 'int32');
        const tgt = tf.tensor1d(targets, 'int32');
        return optimizer.minimize(() => loss(tok, tgt), true) as tf.Scalar;
      });
      const value = (await result.data())[0]!;
      result.dispose();
      return value;
    },
    dispose() {
      tf.disposeVariables();
      cos.dispose();
      sin.dispose();
      mask.dispose();
      optimizer.dispose();
    },
  };
}
