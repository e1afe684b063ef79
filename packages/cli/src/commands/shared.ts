/** Options and helpers shared by the commands that read a dataset or a model. */
import { readFileSync } from 'node:fs';
import { decodeModel, type Metrics, type SavedModel } from '@vb/core';
import { type Command, Option } from 'commander';
import type { SweepData } from '../sweep/data.js';
import { loadSweepData } from '../sweep/load.js';
import { defaultSettings } from '../sweep/settings.js';

export interface DataOptions {
  data: string;
  vectors?: string;
  protocol: 'pooled' | 'official';
}

export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('--data <spec>', "dataset: 'builtin' (synthetic planted-teacher task) or 'pit2015:<dir>'", 'builtin')
    .option('--vectors <path>', "word vectors for real data: GloVe text file (.txt/.txt.gz) or 'wink'")
    .addOption(new Option('--protocol <name>', 'PIT-2015 protocol').choices(['pooled', 'official']).default('pooled'));
}

/** The dataset, encoded with `vocabulary` when a model fixes it. */
export async function loadData(o: DataOptions, vocabulary?: string[]): Promise<SweepData> {
  const d = defaultSettings();
  return loadSweepData(o.data, { vectors: o.vectors, protocol: o.protocol, split: d.split, splitSeed: d.splitSeed, vocabulary });
}

export function readModel(path: string): SavedModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read model ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodeModel(bytes, path);
}

export type SplitName = 'train' | 'validation' | 'test';

export function splitOf(data: SweepData, name: SplitName) {
  return data[name];
}

/** A compact one-line summary of metrics. */
export function metricsLine(m: Metrics): string {
  const parts = [`macro-F1 ${m.macroF1.toFixed(3)}`, `accuracy ${m.accuracy.toFixed(3)}`, `log-lik ${m.meanLogLikelihood.toFixed(3)}`];
  if (m.paraphrase) parts.push(`binary F1 ${m.paraphrase.f1.toFixed(3)}`);
  if (Number.isFinite(m.pearson)) parts.push(`Pearson ${m.pearson.toFixed(3)}`);
  return parts.join(', ');
}

/** Metrics without the per-class table and confusion matrix, for --json output. */
export function jsonOut(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 1)}\n`);
}
