import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { loadCheckpoint, parameterCount } from '../../lm/index.ts';
import { averageDirName, resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { writeGgufFile } from './gguf-writer.ts';
import { hfExportFiles, writeHfExport } from './hf-export.ts';
import { llamaGgufContents } from './llama-gguf.ts';
import { parityRecord } from './parity-record.ts';

export const modelExportFormats = ['gguf', 'hf'] as const;
export type ModelExportFormat = (typeof modelExportFormats)[number];

export interface ExportModelOptions {
  /** A run folder (its latest checkpoint) or a checkpoint folder, resolved as `serve` and `eval` resolve them. */
  readonly source: string;
  readonly format: ModelExportFormat;
  /** gguf: the file to write; hf: the directory. */
  readonly out: string;
  /** Overwrite an existing file (gguf) or write into a non-empty directory (hf). */
  readonly force?: boolean;
  /** hf: the texts `parity.json` records (default `defaultParityPrompts`). */
  readonly parityPrompts?: readonly string[];
}

export interface ModelExportSummary {
  /** The checkpoint folder whose weights were written (`…/average` for a run's averaged weights). */
  readonly checkpoint: string;
  readonly averaged: boolean;
  readonly parameters: number;
  /** The paths written. */
  readonly files: readonly string[];
}

/** An export that cannot be written as asked; the message says what to change. */
export class ModelExportError extends Error {
  override readonly name = 'ModelExportError';
}

async function statOrUndefined(path: string) {
  return stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** Refuses to clobber: an existing file needs `force`, and a file is never replaced by a directory or back. */
async function checkOut(out: string, format: ModelExportFormat, force: boolean): Promise<void> {
  const existing = await statOrUndefined(out);
  if (!existing) return;
  if (format === 'gguf') {
    if (existing.isDirectory())
      throw new ModelExportError(`--out ${out} is a directory; gguf writes one file, name it`);
    if (!force) throw new ModelExportError(`--out ${out} already exists; pass --force to overwrite it`);
    return;
  }
  if (!existing.isDirectory())
    throw new ModelExportError(`--out ${out} is a file; hf writes a directory, name a new one`);
  if (!force && (await readdir(out)).length > 0) {
    throw new ModelExportError(
      `--out ${out} is not empty; name a new directory, or pass --force to write the export's files into it`,
    );
  }
}

/** Writes a checkpoint as a llama.cpp GGUF file or a Hugging Face transformers directory (docs/export-models.md). */
export async function exportModel(options: ExportModelOptions): Promise<ModelExportSummary> {
  const { source, format, out } = options;
  const checkpoint = resolveCheckpoint(source).dir;
  await checkOut(out, format, options.force ?? false);
  const { config, params } = await loadCheckpoint(checkpoint);
  const averaged = basename(checkpoint) === averageDirName;
  const summary = { checkpoint, averaged, parameters: parameterCount(config) };
  if (format === 'gguf') {
    await mkdir(dirname(out), { recursive: true });
    const name = `selfplay-${basename(resolve(source))}`;
    await writeGgufFile(out, llamaGgufContents({ config, params, name }));
    return { ...summary, files: [out] };
  }
  await mkdir(out, { recursive: true });
  const parity = parityRecord({ config, params, ...(options.parityPrompts ? { prompts: options.parityPrompts } : {}) });
  await writeHfExport(out, { config, params, parity });
  return { ...summary, files: hfExportFiles.map((f) => join(out, f)) };
}
