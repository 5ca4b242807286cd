import { z } from 'zod';
import { type EndpointConfig, readApiKey } from '../llm/endpoint-config.ts';
import { hintForStatus } from '../llm/llm-api-error.ts';
import { serverRoot } from '../llm/weight-sync.ts';
import { type WeightSyncMethod, weightSyncKinds } from '../llm/weight-sync-config.ts';
import { type CheckResult, failed, messageOf, passed } from './check-result.ts';
import { type GetOutcome, httpGet, serverMessage } from './http-get.ts';
import { checkGuidedDecoding, checkTokenCapture } from './sampler-probes.ts';

/** What the sampler checks reach outside themselves; tests pass an environment holding the key. */
export interface SamplerCheckDeps {
  readonly fetch?: typeof globalThis.fetch;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A GET that only says whether the server is there waits no longer than this (the spec's timeout_ms if shorter). */
const reachTimeoutMs = 10_000;

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
// `selfplay serve`'s /health; vLLM's answers 200 with an empty body, SGLang's has no weight_version.
const selfplayHealthSchema = z.object({ weight_version: z.string() });

/**
 * Every check of a sampler a training run would use, in order: reachable, the spec's model served, token ids and
 * log-probs in a reply, guided decoding (when the spec or the trainer needs it) and the weight-sync route. A check
 * that later ones depend on (reachable, model served) stops the list when it fails. `onResult` sees each as it ends.
 */
export async function checkSampler(options: {
  config: EndpointConfig;
  /** The sync method a training run would use; absent checks the sampler for playing only. */
  sync?: WeightSyncMethod;
  deps?: SamplerCheckDeps;
  onResult?: (result: CheckResult) => void;
}): Promise<CheckResult[]> {
  const { config, sync, deps = {} } = options;
  const results: CheckResult[] = [];
  const add = (result: CheckResult) => {
    results.push(result);
    options.onResult?.(result);
    return result.ok;
  };
  const reach = await checkSamplerReachable(config, deps);
  if (!add(reach.result) || !add(checkModelServed(config, reach.served))) return results;
  add(await checkTokenCapture(config, deps));
  if (config.decoding === 'guided' || sync !== undefined) {
    add(await checkGuidedDecoding(config, config.decoding === 'guided' ? 'spec' : 'trainer', deps));
  }
  if (sync !== undefined) add(await checkWeightSync(config, sync, deps));
  return results;
}

/** `GET <base>/models` (every kind serves it): connection, time limit and API key in one request. */
export async function checkSamplerReachable(
  config: EndpointConfig,
  deps: SamplerCheckDeps = {},
): Promise<{ result: CheckResult; served: readonly string[] }> {
  const name = 'sampler reachable';
  const url = `${config.baseUrl.replace(/\/+$/, '')}/models`;
  let headers: Record<string, string>;
  try {
    headers = authorization(config, deps);
  } catch (error) {
    return { result: failed(name, messageOf(error)), served: [] };
  }
  const outcome = await httpGet({ url, timeoutMs: Math.min(config.timeoutMs, reachTimeoutMs), headers, ...deps });
  if (outcome.kind !== 'reply' || outcome.status < 200 || outcome.status >= 300) {
    return { result: failed(name, unreachable(url, outcome, config)), served: [] };
  }
  const list = modelListSchema.safeParse(outcome.json);
  if (!list.success) {
    return {
      result: failed(
        name,
        `GET ${url} answered ${outcome.status} without an OpenAI model list ({"data":[{"id":…}]}): the spec's URL must be the server's OpenAI root, usually ending in /v1`,
      ),
      served: [],
    };
  }
  const served = list.data.data.map((m) => m.id);
  return { result: passed(name, `GET ${url} answered ${outcome.status}`), served };
}

/** The MODEL after `#` must be one the server lists, or every request is a 404. */
export function checkModelServed(config: EndpointConfig, served: readonly string[]): CheckResult {
  const name = 'sampler model';
  if (served.includes(config.model)) return passed(name, `"${config.model}" is served`);
  if (served.length === 0) {
    return failed(name, `the server lists no models, so "${config.model}" is not served: load it in the server first`);
  }
  const listed = served.map((id) => `"${id}"`).join(', ');
  return failed(name, `the server serves ${listed}, not "${config.model}": put one of them after # in the spec`);
}

/**
 * Whether the sync method reaches this server. `reload` needs `selfplay serve`, known by its /health's
 * `weight_version`; `full` needs a control route, probed with a GET (405: the POST route is there; 404: it is not),
 * so no weights are loaded; `lora` the trainer refuses for the built-in LM.
 */
export async function checkWeightSync(
  config: EndpointConfig,
  sync: WeightSyncMethod,
  deps: SamplerCheckDeps = {},
): Promise<CheckResult> {
  const name = 'sampler weight sync';
  if (sync === 'lora') {
    return failed(
      name,
      'selfplay train refuses --sync lora: the built-in LM trains all its weights and writes no adapter; use reload (selfplay serve) or full (vLLM, SGLang)',
    );
  }
  if (!weightSyncKinds[sync].includes(config.kind)) return failed(name, wrongKind(sync, config.kind));
  const root = serverRoot(config.baseUrl);
  let headers: Record<string, string>;
  try {
    headers = authorization(config, deps);
  } catch (error) {
    return failed(name, messageOf(error));
  }
  const get = (path: string) =>
    httpGet({ url: `${root}${path}`, timeoutMs: Math.min(config.timeoutMs, reachTimeoutMs), headers, ...deps });
  const health = await get('/health');
  const version =
    health.kind === 'reply' ? selfplayHealthSchema.safeParse(health.json).data?.weight_version : undefined;
  if (sync === 'reload') {
    if (version !== undefined) {
      return passed(name, `reload: selfplay serve, weight_version "${version}" (GET ${root}/health)`);
    }
    const seen = health.kind === 'reply' ? `answered ${health.status} without weight_version` : 'did not answer';
    return failed(
      name,
      `GET ${root}/health ${seen}, so the server is not selfplay serve: sync reload needs selfplay serve (its POST /v1/reload); for vLLM or SGLang use --sync full`,
    );
  }
  const route = config.kind === 'vllm' ? '/collective_rpc' : '/update_weights_from_disk';
  const outcome = await get(route);
  if (outcome.kind === 'reply' && outcome.status !== 404) {
    return passed(
      name,
      `full: ${root}${route} is served (GET answered ${outcome.status}; the doctor loads no weights)`,
    );
  }
  const fix =
    version !== undefined
      ? 'this server is selfplay serve (its /health has weight_version): use --sync reload'
      : config.kind === 'vllm'
        ? 'vLLM mounts /collective_rpc only with VLLM_SERVER_DEV_MODE=1 (no auth there: bind it to loopback)'
        : "check that the server is SGLang and the spec's URL is its address";
  const seen = outcome.kind === 'reply' ? 'answered 404' : 'did not answer';
  return failed(name, `sync full posts to ${root}${route}, which ${seen}: ${fix}`);
}

function wrongKind(sync: WeightSyncMethod, kind: EndpointConfig['kind']): string {
  const takers = (Object.keys(weightSyncKinds) as WeightSyncMethod[]).filter(
    (m) => m !== 'lora' && weightSyncKinds[m].includes(kind),
  );
  const fix =
    takers.length > 0
      ? `a sampler of kind ${kind} takes --sync ${takers.join(' or ')}`
      : `${kind} cannot swap weights while it runs: train with selfplay serve (sync reload) or vLLM/SGLang (sync full)`;
  return `sync ${sync} needs a sampler of kind ${weightSyncKinds[sync].join(' or ')} (the spec's kind=), not ${kind}; ${fix}`;
}

function authorization(config: EndpointConfig, deps: SamplerCheckDeps): Record<string, string> {
  const key = readApiKey(config, deps.env ?? process.env);
  return key ? { authorization: `Bearer ${key}` } : {};
}

function unreachable(url: string, outcome: GetOutcome, config: EndpointConfig): string {
  switch (outcome.kind) {
    case 'unreachable':
      return `cannot reach ${url} (${outcome.reason}): start the server, or fix the host and port in the spec`;
    case 'timeout':
      return `no reply from ${url} within ${outcome.timeoutMs} ms: the server may still be loading the model; wait and rerun, or raise timeout_ms in the spec`;
    case 'reply': {
      const body = serverMessage(outcome);
      const hint =
        outcome.status === 404
          ? "the spec's URL must be the server's OpenAI root, usually ending in /v1"
          : hintForStatus(outcome.status, { apiKeyEnv: config.apiKeyEnv, model: config.model });
      return `GET ${url} answered ${outcome.status}${body ? ` (${body})` : ''}: ${hint}`;
    }
    default:
      return outcome satisfies never;
  }
}
