import type { Command } from '../command.ts';
import { gamesCommand } from './games.ts';
import { playCommand } from './play.ts';

/** Every CLI command, in the order `selfplay help` lists them. */
export const commands: readonly Command[] = [gamesCommand, playCommand];
