import { z } from 'zod';
import { createTinkerClient, RemoteLearnerError, type TinkerClient } from '../learner/remote/tinker-client.ts';
import {
  createModelResponseSchema,
  createSessionResponseSchema,
  type Datum,
  floatTensor,
  type ForwardBackwardOutput,
  forwardBackwardOutputSchema,
  intTensor,
  serverCapabilitiesSchema,
} from '../learner/remote/tinker-wire.ts';
import { encodeWithBos } from '../lm/tokenizer.ts';
import { type CheckResult, failed, messageOf, passed } from './check-result.ts';

export interface LearnerCheckOptions {
  /** The service root, as in `--learner tinker:URL`. */
  readonly url: string;
  /** The `base_model` a run would train (`--model`). */
  readonly model: string;
  /** Sent as `X-API-Key` (the CLI reads `TINKER_API_KEY`). */
  readonly apiKey?: string;
  /** Limit per HTTP attempt; default 30 s (creating a model on a busy service takes a while). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly onResult?: (result: CheckResult) => void;
}

/**
 * Every check of a Tinker-compatible learner a run would use, in the order the remote learner talks to it: healthz,
 * the model among the service's capabilities, create_session + create_model, and a one-datum forward. Each stops the
 * list when it fails, since the next needs it. Requests go through the trainer's own client, tried once each.
 */
export async function checkLearner(options: LearnerCheckOptions): Promise<CheckResult[]> {
  const client = createTinkerClient({
    baseUrl: options.url,
    maxAttempts: 1,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const results: CheckResult[] = [];
  const add = (result: CheckResult) => {
    results.push(result);
    options.onResult?.(result);
    return result.ok;
  };
  if (!add(await checkLearnerReachable(client)) || !add(await checkLearnerModel(client, options.model))) {
    return results;
  }
  const created = await createLearnerModel(client, options.model);
  if (!add(created.result) || created.modelId === undefined) return results;
  add(await checkLearnerForward(client, created.modelId));
  return results;
}

export async function checkLearnerReachable(client: TinkerClient): Promise<CheckResult> {
  const name = 'learner reachable';
  try {
    await client.get('/api/v1/healthz', z.unknown());
    return passed(name, `GET ${client.baseUrl}/api/v1/healthz answered ok`);
  } catch (error) {
    return failed(name, explain(error));
  }
}

/** The service must offer the model a run names in `create_model`. */
export async function checkLearnerModel(client: TinkerClient, model: string): Promise<CheckResult> {
  const name = 'learner model';
  let offered: string[];
  try {
    const capabilities = await client.get('/api/v1/get_server_capabilities', serverCapabilitiesSchema);
    offered = capabilities.supported_models.flatMap((m) => (m.model_name ? [m.model_name] : []));
  } catch (error) {
    return failed(name, explain(error));
  }
  if (offered.includes(model)) return passed(name, `"${model}" is among the service's models`);
  if (offered.length === 0) return failed(name, `the service lists no models, so it cannot train "${model}"`);
  const listed = offered.map((m) => `"${m}"`).join(', ');
  return failed(name, `the service trains ${listed}, not "${model}": pass --model with one of them`);
}

/** create_session then create_model, with the bodies the remote learner sends (LoRA rank 32 for services that want one). */
export async function createLearnerModel(
  client: TinkerClient,
  model: string,
): Promise<{ result: CheckResult; modelId?: string }> {
  const name = 'learner session + model';
  let step = 'create_session';
  try {
    const { session_id } = await client.post(
      '/api/v1/create_session',
      { tags: ['selfplay', 'doctor'], user_metadata: null, sdk_version: 'selfplay', type: 'create_session' },
      createSessionResponseSchema,
    );
    step = `create_model of "${model}"`;
    const { model_id } = await client.call(
      '/api/v1/create_model',
      { session_id, model_seq_id: 0, base_model: model, lora_config: { rank: 32 }, type: 'create_model' },
      createModelResponseSchema,
    );
    return { result: passed(name, `session "${session_id}", model "${model_id}"`), modelId: model_id };
  } catch (error) {
    return { result: failed(name, `${step} failed: ${explain(error)}`) };
  }
}

/**
 * One datum's log-probs through `forward`. A service without that route (SkyRL's) is no fault: the trainer then reads
 * log-probs with a zero-weight forward_backward, so that is tried instead and the detail says so.
 */
export async function checkLearnerForward(client: TinkerClient, modelId: string): Promise<CheckResult> {
  const name = 'learner forward';
  const tokens = encodeWithBos('Your card: K. [bet]');
  const n = tokens.length - 1;
  const datum: Datum = {
    model_input: { chunks: [{ type: 'encoded_text', tokens: tokens.slice(0, -1) }] },
    loss_fn_inputs: { target_tokens: intTensor(tokens.slice(1)), weights: floatTensor(new Float64Array(n)) },
  };
  const input = { data: [datum], loss_fn: 'cross_entropy' };
  let output: ForwardBackwardOutput;
  let route = 'forward';
  try {
    try {
      output = await client.call(
        '/api/v1/forward',
        { forward_input: input, model_id: modelId, seq_id: 0 },
        forwardBackwardOutputSchema,
      );
    } catch (error) {
      const inner = unwrap(error);
      if (!(inner instanceof RemoteLearnerError && inner.status === 404)) throw error;
      route = 'forward_backward';
      output = await client.call(
        '/api/v1/forward_backward',
        { forward_backward_input: input, model_id: modelId, seq_id: 1 },
        forwardBackwardOutputSchema,
      );
    }
  } catch (error) {
    return failed(name, `a one-datum ${route} failed: ${explain(error)}`);
  }
  const logprobs = output.loss_fn_outputs[0]?.['logprobs']?.data;
  if (logprobs?.length !== n || !logprobs.every((lp) => Number.isFinite(lp) && lp <= 1e-6)) {
    const got = logprobs ? `${logprobs.length} values, not all finite and ≤ 0` : 'no loss_fn_outputs[0].logprobs';
    return failed(
      name,
      `${route} of ${n} target tokens returned ${got}: the service does not answer Tinker's cross_entropy output`,
    );
  }
  const mean = logprobs.reduce((a, b) => a + b, 0) / n;
  return route === 'forward'
    ? passed(name, `${n} log-probs (mean ${mean.toFixed(3)})`)
    : passed(
        name,
        `no forward route (404): the trainer reads log-probs with a zero-weight forward_backward, which returned ${n} (mean ${mean.toFixed(3)})`,
      );
}

// The client reports a request tried once as "gave up after 1 attempts" around the service's answer; show the answer.
function unwrap(error: unknown): unknown {
  return error instanceof RemoteLearnerError && error.cause instanceof RemoteLearnerError ? error.cause : error;
}

/** The service's answer and how to fix it. */
function explain(error: unknown): string {
  const inner = unwrap(error);
  const message = messageOf(inner);
  if (!(inner instanceof RemoteLearnerError)) return message;
  const status = inner.status;
  if (status === undefined) {
    return inner.retryable
      ? `${message}; start the service (selfplay learner-serve --checkpoint DIR --port P) or fix the URL in --learner tinker:URL`
      : message;
  }
  if (status === 401 || status === 403) return `${message}; set TINKER_API_KEY to a key this service accepts`;
  if (status === 404) return `${message}; --learner tinker:URL takes the service root (the client adds /api/v1/…)`;
  if (status >= 500) return `${message}; the service failed: see its log`;
  return message;
}
