import { checkNameWidth, formatCheck } from '../../doctor/check-result.ts';
import {
  DoctorConfigError,
  type DoctorTargets,
  defaultDoctorModel,
  parseDoctorConfig,
} from '../../doctor/doctor-config.ts';
import { runDoctor } from '../../doctor/run-doctor.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { readJsonObject } from '../resolve-train-config.ts';

const usage = `selfplay doctor [--sampler SPEC] [--sync METHOD] [--learner tinker:URL] [--model NAME] [--config FILE]

Checks every endpoint a training run with the same options would use, and prints one line per check: ok, or what
is wrong and how to fix it. Exit code 0 when every check passes, 1 otherwise (docs/remote-learner.md).

  sampler   reachable (GET <base>/models, its API key), the spec's MODEL served, a one-turn request returning
            token ids and per-token log-probs, guided decoding (when the spec or the trainer uses it), and the
            weight-sync route (--sync reload: selfplay serve's /health; full: the server's reload route)
  learner   GET /api/v1/healthz, the model in get_server_capabilities, create_session + create_model, a
            one-datum forward (key from TINKER_API_KEY)

Options:
  --sampler SPEC     openai:URL#MODEL?kind=… as for selfplay train
  --sync METHOD      reload (default, as train's), full or lora
  --learner SPEC     tinker:URL (in-process and local-server have nothing to reach)
  --model NAME       the base model a tinker:URL learner trains (default ${defaultDoctorModel})
  --config FILE      a JSON object with the keys sampler, sync, learner, model; flags override it`;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the sampler and learner endpoints a training run would use',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      sampler: { type: 'string' },
      sync: { type: 'string' },
      learner: { type: 'string' },
      model: { type: 'string' },
      config: { type: 'string' },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const file = values.config ? await readJsonObject(values.config, 'doctor config') : {};
    const flags = Object.fromEntries(
      (['sampler', 'sync', 'learner', 'model'] as const).flatMap((key) =>
        values[key] === undefined ? [] : [[key, values[key]]],
      ),
    );
    let targets: DoctorTargets;
    try {
      targets = parseDoctorConfig({ ...file, ...flags });
    } catch (error) {
      if (!(error instanceof DoctorConfigError)) throw error;
      throw new CliUsageError(values.config ? `${values.config}: ${error.message}` : error.message);
    }
    const results = await runDoctor(targets, {
      onResult: (result) => println(io.stdout, formatCheck(result, checkNameWidth)),
    });
    const failures = results.filter((r) => !r.ok).length;
    println(
      io.stdout,
      failures === 0 ? `all ${results.length} checks passed` : `${failures} of ${results.length} checks failed`,
    );
    return failures === 0 ? 0 : 1;
  },
};
