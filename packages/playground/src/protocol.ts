/**
 * The messages between the page (main thread) and its two workers: the engine worker (@vb/core:
 * data, training, pruning, prediction, model files) and the chart worker (@vb/viz: Vega-Lite → SVG).
 * Everything here is structured-cloneable.
 */
import type { Cell, EpochRecord, PosteriorFamily, PriorFamilyName, Readout } from '@vb/core';

/** What the model panel sets; the rest are vb-cli train's defaults (see engine.worker.ts). */
export interface TrainSettings {
  family: PosteriorFamily;
  prior: PriorFamilyName;
  cell: Cell;
  readout: Readout;
  hidden: number;
  klWeight: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** Which column holds what (0-based indices); `target` is a label column or a score column. */
export interface ColumnChoice {
  sentence1: number;
  sentence2: number;
  target: number;
  targetKind: 'label' | 'score';
}

export interface TablePreview {
  file: string;
  format: 'csv' | 'tsv' | 'jsonl';
  /** Header names, or null when the first record is data. */
  header: string[] | null;
  /** Column count of the first record. */
  columns: number;
  /** The columns found from the header like vb-cli does (undefined: not found). */
  detected: Partial<ColumnChoice>;
  /** The first few records. */
  rows: string[][];
}

export type VectorChoice = { kind: 'file'; file: File } | { kind: 'hashed'; dim: number };

export interface DataSummary {
  kind: 'builtin' | 'table';
  name: string;
  description: string;
  sizes: { train: number; validation: number; test: number };
  classes: number;
  labelNames?: string[];
  inputDim: number;
  vocabSize: number;
  /** Share of the corpus's tokens that have a vector (own data). */
  coverage?: { tokens: number; types: number; missing: string[] };
  /** A few test pairs to try in the prediction panel. */
  examples: { a: string; b: string; label: number }[];
}

export interface ModelSummary {
  source: 'trained' | 'uploaded';
  name: string;
  config: {
    family: string;
    prior: string;
    cell: string;
    readout: string;
    hidden: number;
    inputDim: number;
    classes: number;
  };
  params: number;
  epochs: number;
  /** Whether the loaded data can score it (same classes; for the built-in task the same vocabulary). */
  scored: boolean;
  note?: string;
  history: EpochRecord[];
  labelNames?: string[];
}

/** λ of every weight per tensor, and its range over the positive values (for the slider). */
export interface LambdaSnapshot {
  score: 'snr' | 'magnitude';
  tensors: Record<string, Float32Array>;
  /** Small and large positive λ (the slider's log range). */
  lo: number;
  hi: number;
  total: number;
}

export interface PruneResult {
  id: number;
  threshold: number;
  kept: number;
  total: number;
  structure: {
    hidden: number;
    inputDim: number;
    aliveHidden: number;
    aliveInputs: number;
    /** Per hidden unit / input dimension: 1 if it survives (compaction's rule: it still computes and sends). */
    units: number[];
    inputs: number[];
    keptPerTensor: Record<string, number>;
  };
  /** W's keep-mask (inputDim × gates·hidden), for the picture. */
  maskW: Uint8Array;
  maskU: Uint8Array;
  gates: number;
  validation?: { macroF1: number; logLikelihood: number; accuracy: number };
  test?: { macroF1: number; logLikelihood: number; accuracy: number };
  /** Time the worker spent, ms. */
  ms: number;
}

export interface PredictionResult {
  tokens: { a: string[]; b: string[] };
  unknown: number;
  probabilities: number[];
  std?: number[];
  label: number;
  labelName?: string;
  classNames: string[];
  entropy?: number;
  mutualInformation?: number;
  samples: number;
  masked: boolean;
}

export interface StepPoint {
  step: number;
  loss: number;
  priorVariance: number;
}

export interface SweepSnapshot {
  score: 'snr' | 'magnitude';
  total: number;
  points: {
    threshold: number;
    kept: number;
    keptFraction: number;
    metrics: { macroF1: number; accuracy: number; meanLogLikelihood: number; paraphrase: null };
  }[];
}

/** Page → engine worker. */
export type EngineRequest =
  | { type: 'init' }
  | { type: 'loadBuiltin' }
  | { type: 'inspectTable'; file: File }
  | { type: 'loadTable'; file: File; columns: ColumnChoice; vectors: VectorChoice }
  | { type: 'train'; settings: TrainSettings }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'prune'; id: number; threshold: number }
  | { type: 'sweep' }
  | { type: 'predict'; a: string; b: string; mcSamples: number; seed: number }
  | { type: 'exportModel'; pruned: boolean }
  | { type: 'importModel'; bytes: Uint8Array; name: string };

/** Engine worker → page. */
export type EngineMessage =
  | { type: 'ready'; simd: string; ms: number }
  | { type: 'data'; summary: DataSummary; ms: number }
  | { type: 'table'; preview: TablePreview }
  | { type: 'status'; text: string }
  | {
      type: 'progress';
      epoch: number;
      epochs: number;
      batch: number;
      batches: number;
      steps: StepPoint[];
    }
  | { type: 'epoch'; record: EpochRecord; trainMacroF1: number; lambda: LambdaSnapshot }
  | {
      type: 'state';
      state: 'running' | 'paused' | 'stopped' | 'done';
      /** Training time less pauses, the page's extras and other requests: the work `fit` does. */
      seconds: number;
      /** Training time less pauses. */
      wallSeconds: number;
      epochs: number;
    }
  | { type: 'model'; summary: ModelSummary; lambda: LambdaSnapshot }
  | { type: 'pruned'; result: PruneResult }
  | { type: 'sweep'; sweep: SweepSnapshot }
  | { type: 'prediction'; result: PredictionResult }
  | { type: 'modelFile'; bytes: Uint8Array; name: string }
  | { type: 'error'; during: EngineRequest['type']; message: string };

/** Page → chart worker: the data of one chart (the worker builds the spec with @vb/viz and renders it). */
export type ChartRequest =
  | { id: number; chart: 'training'; model: string; history: EpochRecord[]; trainF1: number[] }
  | { id: number; chart: 'steps'; model: string; steps: StepPoint[] }
  | { id: number; chart: 'lambda'; model: string; lambda: LambdaSnapshot; threshold: number }
  | { id: number; chart: 'sweep'; model: string; sweep: SweepSnapshot; threshold: number };

export type ChartMessage =
  | { id: number; chart: ChartRequest['chart']; svg: string; ms: number }
  | { id: number; chart: ChartRequest['chart']; error: string };
