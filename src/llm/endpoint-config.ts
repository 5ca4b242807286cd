import { z } from 'zod';
import { answerModes, observationFormats } from '../spec/game-text.ts';

/**
 * Which server sits behind the OpenAI-compatible URL. It decides only which extra request fields ask for token ids
 * and log-probs (see `server-fields.ts`); replies are read the same way for every kind.
 */
export const serverKinds = ['openai', 'vllm', 'sglang', 'llama.cpp', 'ollama'] as const;
export type ServerKind = (typeof serverKinds)[number];

/** `chat`: POST /chat/completions with messages; `completions`: POST /completions with a raw prompt string. */
export const endpointApis = ['chat', 'completions'] as const;
export type EndpointApi = (typeof endpointApis)[number];

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable NAME (letters, digits, _), not the key itself');

const samplingSchema = z.strictObject({
  /** Default 1: on-policy RL samples at T=1 (vLLM reports raw log-probs, before temperature; interop.md §0.2). */
  temperature: z.number().min(0).max(2).default(1),
  /** Default 1 (no nucleus truncation), for the same reason. */
  topP: z.number().gt(0).max(1).default(1),
  /** Default 4096: SPIRAL's generation length in run.sh (spiral.md §3.1). */
  maxTokens: z.int().positive().default(4096),
  /**
   * Default `episode`: each request carries a seed drawn from the seat's seeded RNG, so a rerun with the same
   * episode seed sends the same seeds; `none` sends no seed; a number sends that seed on every request.
   */
  seed: z.union([z.int().nonnegative(), z.enum(['episode', 'none'])]).default('episode'),
  /** Stop strings; default none. */
  stop: z.array(z.string().min(1)).max(16).optional(),
});

const retrySchema = z.strictObject({
  /** Default 5 attempts in all (the first try plus 4 retries). */
  maxAttempts: z.int().min(1).max(100).default(5),
  /** Default 500 ms: the first backoff; it doubles per retry, times a jitter factor in [0.5, 1). */
  baseDelayMs: z.int().nonnegative().default(500),
  /** Default 60 s: no wait is longer; a `retry-after` above it ends the retries at once. */
  maxDelayMs: z.int().nonnegative().default(60_000),
});

/** An endpoint as a strict schema: unknown keys are errors, so a misspelt option never silently does nothing. */
export const endpointConfigSchema = z.strictObject({
  /** The OpenAI base URL, usually ending in `/v1`; `/chat/completions` or `/completions` is appended. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as http://127.0.0.1:8000/v1' }),
  /** The `model` field of every request (vLLM: the served model name; Ollama: the tag). */
  model: z.string().min(1),
  /** Default `chat`. */
  api: z.enum(endpointApis).default('chat'),
  /** Default `openai`: no extra fields, which every server accepts. */
  kind: z.enum(serverKinds).default('openai'),
  /** Name of the environment variable holding the API key, read at call time; default none (no Authorization). */
  apiKeyEnv: envName.optional(),
  /** Prompt template: a built-in name (`spiral-qwen3`, `spiral-chat`) or a JSON file; default by api (see docs). */
  template: z.string().min(1).optional(),
  sampling: samplingSchema.default(samplingSchema.parse({})),
  /** Default 120 s per attempt, body included (reasoning models take long). */
  timeoutMs: z.int().positive().default(120_000),
  /** Default 8 requests in flight to this endpoint at once. */
  maxConcurrency: z.int().positive().max(4096).default(8),
  retry: retrySchema.default(retrySchema.parse({})),
  /** Default `auto`: send the kind's token-id/log-prob fields; `off` sends none (replies are still read). */
  capture: z.enum(['auto', 'off']).default('auto'),
  /**
   * How the game reads this endpoint's answers: default `strict`, SPIRAL's rule (the last `\boxed{…}`, or the whole
   * answer, must be exactly a legal move; negotiation takes the boxed text as the message); `lenient` also reads
   * loose spacing, `\fbox` and the last bracketed legal move in free text (docs/games/README.md).
   */
  answers: z.enum(answerModes).default('strict'),
  /**
   * Default `free`: the model writes its answer as it likes (SPIRAL's way; the game reads it). `guided`: each request
   * carries the legal move strings and the server decodes only those (vLLM's `guided_choice`, SGLang's `regex`,
   * llama.cpp's `grammar`), so a `selfplay serve` checkpoint plays exactly its in-process constrained policy.
   */
  decoding: z.enum(['free', 'guided']).default('free'),
  /** The observation layout the model reads (`full` or `compact`); default the command's `--format`. */
  format: z.enum(observationFormats).optional(),
  /** Extra JSON fields merged last into every request body (e.g. `{"top_k": 20}`); default none. */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

export type EndpointConfig = z.output<typeof endpointConfigSchema>;

/** Server kinds whose OpenAI routes take a constraint to a list of strings (`server-fields.ts`: `guidedFields`). */
export const guidedKinds: readonly ServerKind[] = ['vllm', 'sglang', 'llama.cpp'];
export type EndpointConfigInput = z.input<typeof endpointConfigSchema>;

/** Validates and fills defaults; throws `EndpointConfigError` listing every problem. */
export function parseEndpointConfig(input: unknown): EndpointConfig {
  const result = endpointConfigSchema
    .refine((c) => c.decoding === 'free' || guidedKinds.includes(c.kind), {
      path: ['decoding'],
      message: `guided decoding needs a server that constrains decoding: kind ${guidedKinds.join(', ')}`,
    })
    .safeParse(input);
  if (result.success) return result.data;
  throw new EndpointConfigError(`invalid endpoint config:\n${z.prettifyError(result.error)}`, { cause: result.error });
}

export class EndpointConfigError extends Error {
  override readonly name = 'EndpointConfigError';
}

/** The API key from the environment variable the config names (none when it names none); unset is an error. */
export function readApiKey(
  config: Pick<EndpointConfig, 'apiKeyEnv' | 'baseUrl'>,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (config.apiKeyEnv === undefined) return undefined;
  const key = env[config.apiKeyEnv];
  if (key === undefined || key === '') {
    throw new EndpointConfigError(
      `the environment variable ${config.apiKeyEnv} (key_env) is not set; export it with the API key for ${config.baseUrl}`,
    );
  }
  return key;
}
