import type { Command } from '../command.ts';
import { arenaCommand } from './arena.ts';
import { critiqueCommand } from './critique.ts';
import { dashboardCommand } from './dashboard.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { exploitabilityCommand } from './exploitability.ts';
import { gamesCommand } from './games.ts';
import { learnerServeCommand } from './learner-serve.ts';
import { evalCommand } from './eval.ts';
import { exportCommand } from './export.ts';
import { exportModelCommand } from './export-model.ts';
import { playCommand } from './play.ts';
import { policyTableCommand } from './policy-table.ts';
import { pretrainCommand } from './pretrain.ts';
import { preferenceGapCommand } from './preference-gap.ts';
import { reportCommand } from './report.ts';
import { runsCommand } from './runs.ts';
import { serveCommand } from './serve.ts';
import { solveCommand } from './solve.ts';
import { solveTasksCommand } from './solve-tasks.ts';
import { spinDivergenceCommand } from './spin-divergence.ts';
import { trainCommand } from './train.ts';
import { transferCommand } from './transfer.ts';

/** Every CLI command, in the order `selfplay help` lists them. */
export const commands: readonly Command[] = [
  trainCommand,
  evalCommand,
  policyTableCommand,
  gamesCommand,
  playCommand,
  solveCommand,
  exploitabilityCommand,
  solveTasksCommand,
  critiqueCommand,
  pretrainCommand,
  preferenceGapCommand,
  spinDivergenceCommand,
  arenaCommand,
  transferCommand,
  runsCommand,
  exportCommand,
  exportModelCommand,
  dashboardCommand,
  serveCommand,
  learnerServeCommand,
  doctorCommand,
  reportCommand,
  demoCommand,
];
