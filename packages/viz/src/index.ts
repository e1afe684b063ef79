/**
 * @vb/viz — plots and reports for vb: Vega-Lite specs of the pruning curves (parameters, F1 and
 * likelihood vs λ; F1 vs kept fraction), the training curves and the λ histograms; headless SVG
 * rendering; and a self-contained HTML report. Inputs are plain objects shaped like @vb/core's
 * results (see `inputs.ts`); nothing here depends on @vb/core.
 */
export {
  type ChartOptions,
  type ChartSize,
  MODEL_PALETTE,
  type ModelColors,
  modelColors,
  VEGA_LITE_SCHEMA,
} from './chart-common.js';
export {
  bandsOnGrid,
  GRID_POINTS,
  type GridPoint,
  linearGrid,
  type RunCurve,
  sharedRange,
  valueAt,
} from './common-grid.js';
export { type CompiledSpec, collectingLogger, compileSpec } from './compile.js';
export { escapeHtml, jsonForScript } from './escape.js';
export type {
  EpochLike,
  ImportanceScore,
  LabelledHistory,
  LabelledSweep,
  MetricsLike,
  StructureLike,
  SweepLike,
  SweepPointLike,
  TensorLambdas,
  ValidationLike,
} from './inputs.js';
export { type LambdaCurvesOptions, type LambdaCurvesSpecs, lambdaCurvesSpecs } from './lambda-curves.js';
export { type OverfittingOptions, overfittingSpec } from './overfitting.js';
export { type LogBinCounts, logBinCounts, logBinEdges } from './log-bins.js';
export { inlineMarkdown, markdownToHtml } from './markdown.js';
export { type RenderSvgOptions, renderSvg } from './render-svg.js';
export { MAX_SEED_LINES, type SeedBand, type SeedOptions, seedBand, usesSeedBands } from './seed-bands.js';
export { type ReportFigure, type ReportOptions, type ReportSummary, reportHtml } from './report-html.js';
export {
  type HistogramData,
  type HistogramRow,
  histogramData,
  type SnrHistogramOptions,
  snrHistogramSpec,
  TENSOR_LEGEND,
  TENSOR_ORDER,
  TENSOR_ROLES,
} from './snr-histogram.js';
export { type SparsityTradeoffOptions, sparsityTradeoffSpec } from './sparsity-tradeoff.js';
export { scopeSvgIds } from './svg-ids.js';
export { type BandField, type SweepBandRow, sweepBands, tradeoffBands } from './sweep-bands.js';
export { type F1Kind, f1Field, type SweepRow, sweepRows } from './sweep-rows.js';
export { prunable, type SweepSummaryOptions, sweepSummaryTable } from './sweep-summary.js';
export { type CellValue, formatCell, type ReportTable, tableHtml } from './table-html.js';
export { type TrainingBandRow, trainingBands } from './training-bands.js';
export {
  type TrainingCurvesOptions,
  type TrainingPanel,
  type TrainingRow,
  trainingCurvesSpec,
  trainingRows,
} from './training-curves.js';
