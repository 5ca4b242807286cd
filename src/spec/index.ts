export * from './game.ts';
export * from './game-text.ts';
export * from './policy.ts';
export * from './rng.ts';
export * from './learner.ts';
export * from './run-events.ts';
export * from './conformance.ts';
