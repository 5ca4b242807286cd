import type { AnyTextGame } from '../../games/registry.ts';
import {
  createEndpointPolicy,
  EndpointConfigError,
  endpointSpecHelp,
  endpointSpecPrefix,
  PromptTemplateError,
  parseEndpointSpec,
} from '../../llm/index.ts';
import {
  actionProbabilities,
  equilibriumPolicy,
  readPolicyFile,
  type TabularPolicy,
  TreeBuildError,
  UnsupportedGameError,
} from '../../solvers/index.ts';
import { loadModel, type Sampling } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import type { Policy } from '../../spec/policy.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { createLmPolicy, freeMoveMaxTokens } from '../lm-policy.ts';
import { createHumanPlayer } from './human-player.ts';
import { createRandomPlayer } from './random-player.ts';
import { createScriptedPlayer, NoScriptedPlayerError, scriptedSpecHelp } from './scripted-player.ts';
import { createSearchPlayer, isSearchSpec, searchSpecHelp } from './search-player.ts';
import { createTablePlayer } from './table-player.ts';
import { didYouMean } from '../../util/closest-name.ts';

export const playerSpecHelp = `  human              you, at this terminal
  random             uniformly random legal moves
  spiral-random      random as SPIRAL's random agent picks (negotiation: accepts an open offer ~1 in 5; else uniform)
  nash               an equilibrium player: minimax (perfect information) or CFR+ ×1000 (poker)
${scriptedSpecHelp}
${searchSpecHelp}
  policy:FILE        a tabular policy JSON (from \`selfplay solve --out\`)
  checkpoint:PATH    the built-in LM from a checkpoint folder, or a run folder (its latest checkpoint)
${endpointSpecHelp}`;

/** Histories the `nash` player may walk: Leduc has 9,457; a bigger tree would keep the user waiting for minutes. */
const nashTreeLimit = 1_000_000;

export interface ResolvePlayerOptions {
  readonly spec: string;
  readonly game: AnyTextGame;
  readonly io: { readonly stdin: NodeJS.ReadableStream; readonly stdout: NodeJS.WritableStream };
  /** How a checkpoint draws its moves (default temperature 1, top-p 1: how it trained). */
  readonly sampling?: Sampling;
  /** How a checkpoint writes its moves: `legal` (constrained decoding, how it trained; the default) or `free` text. */
  readonly decoding?: 'legal' | 'free';
}

/** Turns a player spec from the command line into a policy; an unknown spec is a `PlayerSpecError` listing the forms. */
export async function resolvePlayer(options: ResolvePlayerOptions): Promise<Policy> {
  const { spec, io, game } = options;
  if (spec === 'human') return createHumanPlayer({ input: io.stdin, output: io.stdout });
  if (spec === 'random') return createRandomPlayer();
  if (spec === 'spiral-random') {
    const pick = game.spiralRandomPick;
    return createRandomPlayer({ name: 'spiral-random', ...(pick ? { pick } : {}) });
  }
  if (spec === 'nash') {
    try {
      const { policy, method } = equilibriumPolicy({ game: game.rules, maxNodes: nashTreeLimit });
      return tablePolicyPlayer(`nash (${method})`, policy);
    } catch (cause) {
      if (!(cause instanceof TreeBuildError || cause instanceof UnsupportedGameError)) throw cause;
      throw new PlayerSpecError(`no exact equilibrium player for ${game.rules.info.id}: ${cause.message}`, { cause });
    }
  }
  if (spec === 'scripted') {
    try {
      return createScriptedPlayer(game);
    } catch (cause) {
      if (!(cause instanceof NoScriptedPlayerError)) throw cause;
      throw new PlayerSpecError(cause.message, { cause });
    }
  }
  if (isSearchSpec(spec)) {
    const made = createSearchPlayer({ spec, rules: game.rules });
    if (!made.ok) throw new PlayerSpecError(made.reason);
    return made.player;
  }
  if (spec.startsWith(endpointSpecPrefix)) {
    try {
      return await createEndpointPolicy(parseEndpointSpec(spec));
    } catch (cause) {
      if (cause instanceof EndpointConfigError || cause instanceof PromptTemplateError) {
        throw new PlayerSpecError(cause.message, { cause });
      }
      throw cause;
    }
  }
  if (spec.startsWith('checkpoint:')) {
    const path = spec.slice('checkpoint:'.length);
    let checkpoint: ReturnType<typeof resolveCheckpoint>;
    try {
      checkpoint = resolveCheckpoint(path);
    } catch (cause) {
      throw new PlayerSpecError((cause as Error).message, { cause });
    }
    const { model } = await loadModel(checkpoint.dir, { kernels: createKernels({ heap: createHeap() }) });
    const policy = createLmPolicy({
      model,
      name: `lm ${path}`,
      ...options.sampling,
      ...(options.decoding === 'free' ? { decoding: 'free', maxTokens: freeMoveMaxTokens } : {}),
    });
    return checkpoint.format ? { ...policy, format: checkpoint.format } : policy;
  }
  if (spec.startsWith('policy:')) {
    const file = spec.slice('policy:'.length);
    return tablePolicyPlayer(`policy ${file}`, await readPolicyFile(file, game.rules.info.id));
  }
  const known = ['human', 'random', 'spiral-random', 'nash', 'scripted', 'alphabeta'];
  throw new PlayerSpecError(`unknown player "${spec}"${didYouMean(spec, known)}; use one of:\n${playerSpecHelp}`);
}

function tablePolicyPlayer(name: string, policy: TabularPolicy): Policy {
  return createTablePlayer({ name, probabilities: (key, legalCount) => actionProbabilities(policy, key, legalCount) });
}

export class PlayerSpecError extends Error {
  override readonly name = 'PlayerSpecError';
}
