import { critiquePrompt, programTasksInfo, readCritique, readStep, type TraceStep } from '../../executors/index.ts';
import type { Policy } from '../../spec/policy.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import type { CriticItem } from './critic-file.ts';

export interface CriticAnswer {
  readonly item: number;
  readonly text: string;
  /** The step named, null for `none`, undefined when the reply could not be read. */
  readonly named: number | null | undefined;
  readonly correct: boolean;
}

export interface CriticAccuracyReport {
  readonly seed: number;
  /** Corrupted items, and the share whose first wrong step the critic named (error localisation). */
  readonly corrupted: { readonly items: number; readonly accuracy: number };
  /** Clean items, and the share the critic called clean (`none`). */
  readonly clean: { readonly items: number; readonly accuracy: number };
  /** Share of all replies that could not be read (they count as wrong). */
  readonly unreadable: number;
  readonly answers: readonly CriticAnswer[];
}

/** The steps of an item as the critic's prompt shows them (the file's reader has checked that each one reads). */
export function itemSteps(item: CriticItem): TraceStep[] {
  return item.steps.map((line) => {
    const read = readStep(line);
    if (!read.ok) throw new RangeError(`not a step: ${line} (check the file with readCriticFile)`);
    return read.step;
  });
}

/**
 * Asks the policy to critique every item once (`critiquePrompt`) and scores the replies: on a corrupted item the
 * critic must name its first wrong step, on a clean one answer `none`. Item i's reply is seeded by
 * `deriveSeed(seed, i)`. A policy that throws ends the run with its error; an unreadable reply counts as wrong.
 */
export async function criticAccuracy(options: {
  readonly policy: Policy;
  readonly items: readonly CriticItem[];
  readonly seed?: number;
  /** Requests in flight at once (default 64). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}): Promise<CriticAccuracyReport> {
  const { policy, items } = options;
  const seed = options.seed ?? 0;
  const answers = new Array<CriticAnswer>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i]!;
      options.signal?.throwIfAborted();
      const response = await policy.act({
        game: programTasksInfo,
        player: 0,
        observation: critiquePrompt(item, itemSteps(item)),
        legal: [],
        infoKey: `critique ${i}`,
        rng: createRng(deriveSeed(seed, i)),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const read = readCritique(response.text);
      const named = read.ok ? read.firstWrong : undefined;
      answers[i] = { item: i, text: response.text, named, correct: read.ok && named === item.firstWrong };
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 64, items.length));
  await Promise.all(Array.from({ length: width }, worker));
  const share = (list: readonly CriticAnswer[], f: (a: CriticAnswer) => boolean) =>
    list.length === 0 ? 0 : list.filter(f).length / list.length;
  const corrupted = answers.filter((a) => items[a.item]!.firstWrong !== null);
  const clean = answers.filter((a) => items[a.item]!.firstWrong === null);
  return {
    seed,
    corrupted: { items: corrupted.length, accuracy: share(corrupted, (a) => a.correct) },
    clean: { items: clean.length, accuracy: share(clean, (a) => a.correct) },
    unreadable: share(answers, (a) => a.named === undefined),
    answers,
  };
}
