import { parsePreferenceFile } from '../preference-file.ts';

/** One prompt, three responses, a cycle of preferences (a ≻ b ≻ c ≻ a): the smallest intransitive oracle for tests. */
export const pickThree = parsePreferenceFile(
  JSON.stringify({
    prompts: [
      {
        prompt: 'pick',
        responses: ['a', 'b', 'c'],
        preferences: [
          [0.5, 0.8, 0.3],
          [0.2, 0.5, 0.6],
          [0.7, 0.4, 0.5],
        ],
      },
    ],
  }),
);
