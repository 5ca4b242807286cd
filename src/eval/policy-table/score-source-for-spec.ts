import type { AnyTextGame } from '../../games/registry.ts';
import type { CompletionScorerDeps, ScoringMode } from '../../llm/completion-scorer.ts';
import { endpointSpecPrefix, parseEndpointSpec } from '../../llm/endpoint-spec.ts';
import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { equilibriumPolicy, readPolicyFile, uniformPolicy } from '../../solvers/index.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { lmActionScores } from '../lm-policy-table.ts';
import { endpointActionScores } from './endpoint-action-scores.ts';
import type { ActionScoreSource } from './scored-policy-table.ts';
import { tableActionScores } from './table-action-scores.ts';

export interface SpecScoreSource {
  readonly source: ActionScoreSource;
  /** The observation layout the player reads, where it knows one (a run's checkpoint, an endpoint's `format=`). */
  readonly format?: ObservationFormat;
  /** For endpoints: the request form in use (`echo` or `prompt-logprobs`), known after the first request. */
  readonly requestForm?: () => ScoringMode;
}

/**
 * The exact source behind a player spec (see `resolvePlayer`), or undefined when the player has none (a human):
 * `random`, `nash` and `policy:FILE` are tables, `checkpoint:` is the built-in LM's scoring, `openai:` the
 * endpoint's teacher-forced log-probs.
 */
export async function scoreSourceForSpec(options: {
  spec: string;
  game: AnyTextGame;
  answerTemplate?: string;
  scoringMode?: ScoringMode;
  deps?: CompletionScorerDeps;
}): Promise<SpecScoreSource | undefined> {
  const { spec, game } = options;
  const id = game.rules.info.id;
  if (spec === 'random') return { source: tableActionScores('random', uniformPolicy(id)) };
  if (spec === 'nash') {
    const { policy, method } = equilibriumPolicy({ game: game.rules, maxNodes: 1_000_000 });
    return { source: tableActionScores(`nash (${method})`, policy) };
  }
  if (spec.startsWith('policy:')) {
    const file = spec.slice('policy:'.length);
    return { source: tableActionScores(`policy ${file}`, await readPolicyFile(file, id)) };
  }
  if (spec.startsWith('checkpoint:')) {
    const path = spec.slice('checkpoint:'.length);
    const checkpoint = resolveCheckpoint(path);
    const { model } = await loadModel(checkpoint.dir, { kernels: createKernels({ heap: createHeap() }) });
    return {
      source: lmActionScores(model, `lm ${path}`),
      ...(checkpoint.format ? { format: checkpoint.format } : {}),
    };
  }
  if (spec.startsWith(endpointSpecPrefix)) {
    const config = parseEndpointSpec(spec);
    const source = await endpointActionScores(
      {
        config,
        game: game.rules.info,
        ...(options.answerTemplate ? { answerTemplate: options.answerTemplate } : {}),
        ...(options.scoringMode ? { mode: options.scoringMode } : {}),
      },
      options.deps ?? {},
    );
    return { source, requestForm: () => source.scorer.mode, ...(config.format ? { format: config.format } : {}) };
  }
  return undefined;
}
