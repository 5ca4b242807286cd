import { exportModel, ModelExportError, modelExportFormats } from '../../export/model/index.ts';
import { choiceOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';

const usage = `selfplay export-model <run|checkpoint> --format gguf|hf --out FILE|DIR [--force]

Writes a checkpoint's weights for runtimes outside selfplay (docs/export-models.md), float32, with a tokenizer
that gives exactly our byte ids:
  gguf   one GGUF v3 file, llama architecture: llama.cpp, node-llama-cpp and the tools built on them
  hf     a directory transformers loads with LlamaForCausalLM and AutoTokenizer: model.safetensors, config.json,
         generation_config.json, tokenizer files, and parity.json (prompts, our logits and greedy continuations)
         that scripts/device/hf-parity.py checks the loaded model against

<run|checkpoint> is a run folder (its latest checkpoint) or a checkpoint folder. When the checkpoint holds
averaged weights (average/, from a run that trains with weight averaging), those are exported: the policy the run
measured and that serve, eval and exploitability play; the live weights beside them only resume training.

Options:
  --format F      ${modelExportFormats.join(' | ')} (required)
  --out PATH      gguf: the file to write; hf: the directory (created if missing)
  --force         overwrite an existing gguf file, or write into a non-empty directory (default: refuse)
  --prompt TEXT   hf: a text parity.json records; repeat for more (default: four built-in texts)`;

export const exportModelCommand: Command = {
  name: 'export-model',
  summary: 'write a checkpoint as a GGUF file (llama.cpp) or a Hugging Face transformers directory',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      prompt: { type: 'string', multiple: true },
    });
    const [source, extra] = positionals;
    if (source === undefined) throw new CliUsageError('name the run or checkpoint: selfplay export-model runs/<id> …');
    if (extra !== undefined) throw new CliUsageError(`unexpected argument "${extra}"`);
    if (values.format === undefined)
      throw new CliUsageError(`--format is required: ${modelExportFormats.join(' or ')}`);
    const format = choiceOption('format', values.format, modelExportFormats, 'gguf');
    if (!values.out)
      throw new CliUsageError(`--out is required: the ${format === 'gguf' ? 'file' : 'directory'} to write`);
    if (values.prompt && format !== 'hf') throw new CliUsageError('--prompt only applies to --format hf (parity.json)');
    try {
      const summary = await exportModel({
        source,
        format,
        out: values.out,
        force: values.force ?? false,
        ...(values.prompt ? { parityPrompts: values.prompt } : {}),
      });
      const weights = summary.averaged ? 'averaged weights' : 'weights';
      println(
        io.stderr,
        `export-model: ${summary.parameters} parameters (${weights} of ${summary.checkpoint}) → ${format} at ${values.out}`,
      );
      for (const file of summary.files) println(io.stdout, file);
      return 0;
    } catch (error) {
      if (error instanceof ModelExportError) {
        println(io.stderr, `selfplay export-model: ${error.message}`);
        return 1;
      }
      throw error;
    }
  },
};
