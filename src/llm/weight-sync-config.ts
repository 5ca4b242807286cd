import { z } from 'zod';
import { type EndpointConfig, EndpointConfigError, type ServerKind } from './endpoint-config.ts';
import { parseEndpointSpec } from './endpoint-spec.ts';

/**
 * How new weights reach the sampler (research/interop.md §0.3, §1.2–1.3):
 * - `reload`: `selfplay serve` loads a checkpoint folder (`POST /v1/reload`);
 * - `lora`: vLLM or SGLang hot-loads a PEFT adapter folder under a fixed adapter name;
 * - `full`: vLLM (dev mode) or SGLang reloads full Hugging Face weights from a folder.
 */
export const weightSyncMethods = ['reload', 'lora', 'full'] as const;
export type WeightSyncMethod = (typeof weightSyncMethods)[number];

/** Which server kinds each method reaches; `selfplay serve` prints its spec with kind=vllm. */
export const weightSyncKinds: Readonly<Record<WeightSyncMethod, readonly ServerKind[]>> = {
  reload: ['vllm', 'openai'],
  lora: ['vllm', 'sglang'],
  full: ['vllm', 'sglang'],
};

/** The trainer's sampler block as written in a config file or from flags; unknown keys are errors. */
export const weightSyncConfigSchema = z.strictObject({
  /** The sampler as an endpoint spec, `openai:URL#MODEL?kind=…`; its key_env, timeout_ms and max_attempts apply. */
  sampler: z.string().min(1),
  sync: z.enum(weightSyncMethods),
  /** `lora` only: the adapter's name; default the spec's MODEL, so the rollouts' requests name the new adapter. */
  loraName: z.string().min(1).optional(),
  /** Limit per sync request in ms; default the spec's timeout_ms (loading weights can take longer than a reply). */
  timeoutMs: z.int().positive().optional(),
});

export type WeightSyncConfigInput = z.input<typeof weightSyncConfigSchema>;

/** A validated sync config: the sampler's endpoint parsed, defaults filled. */
export interface WeightSyncConfig {
  readonly sampler: EndpointConfig;
  readonly sync: WeightSyncMethod;
  /** The adapter name `lora` loads under (the spec's MODEL unless `loraName` says otherwise). */
  readonly loraName: string;
  readonly timeoutMs: number;
}

/** A bad sync config; the message names each bad key. */
export class WeightSyncConfigError extends Error {
  override readonly name = 'WeightSyncConfigError';
}

/** Validates a sync config (from a file, flags or code); throws `WeightSyncConfigError` naming every bad key. */
export function parseWeightSyncConfig(input: unknown): WeightSyncConfig {
  const checked = weightSyncConfigSchema
    .transform((raw, ctx) => {
      let sampler: EndpointConfig;
      try {
        sampler = parseEndpointSpec(raw.sampler);
      } catch (error) {
        if (!(error instanceof EndpointConfigError)) throw error;
        ctx.addIssue({ code: 'custom', path: ['sampler'], message: error.message });
        return z.NEVER;
      }
      const kinds = weightSyncKinds[raw.sync];
      if (!kinds.includes(sampler.kind)) {
        ctx.addIssue({ code: 'custom', path: ['sync'], message: unsupported(raw.sync, sampler.kind) });
        return z.NEVER;
      }
      if (raw.loraName !== undefined && raw.sync !== 'lora') {
        ctx.addIssue({
          code: 'custom',
          path: ['loraName'],
          message: `only sync lora names an adapter, not ${raw.sync}`,
        });
        return z.NEVER;
      }
      return {
        sampler,
        sync: raw.sync,
        loraName: raw.loraName ?? sampler.model,
        timeoutMs: raw.timeoutMs ?? sampler.timeoutMs,
      } satisfies WeightSyncConfig;
    })
    .safeParse(input);
  if (checked.success) return checked.data;
  throw new WeightSyncConfigError(`invalid weight sync config:\n${z.prettifyError(checked.error)}`, {
    cause: checked.error,
  });
}

function unsupported(method: WeightSyncMethod, kind: ServerKind): string {
  const takers = (Object.keys(weightSyncKinds) as WeightSyncMethod[]).filter((m) => weightSyncKinds[m].includes(kind));
  const fix =
    takers.length > 0
      ? `a sampler of kind ${kind} takes sync ${takers.join(' or ')}`
      : `${kind} cannot swap weights while it runs; restart it with the new weights instead`;
  return `sync ${method} needs a sampler of kind ${weightSyncKinds[method].join(' or ')} (the spec's kind=), not ${kind}; ${fix}`;
}
