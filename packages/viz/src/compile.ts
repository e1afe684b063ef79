/** Vega-Lite → Vega, with the compiler's warnings collected instead of printed. */
import type { Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A compiled spec and what the compiler warned about on the way. */
export interface CompiledSpec {
  vega: VegaSpec;
  /** Vega-Lite's warnings (e.g. a dropped channel or an incompatible scale), as text. */
  warnings: string[];
}

/** Vega's log levels (vega-util's `None`… `Debug`), named here so no import of vega-util is needed. */
const LOG_LEVEL_WARN = 2;

/**
 * A logger in vega-util's shape that hands each warning to `onWarning` and each error to `onError`
 * (default: `onWarning`, prefixed `error:`), as one string.
 */
export function collectingLogger(
  onWarning: (message: string) => void,
  onError: (message: string) => void = (m) => onWarning(`error: ${m}`),
) {
  let level = LOG_LEVEL_WARN;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      onError(text(args));
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= LOG_LEVEL_WARN) onWarning(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/**
 * Compiles a Vega-Lite spec to Vega. Throws on an invalid spec, like vega-lite; warnings are
 * returned, so a test can assert there are none.
 *
 * ```ts
 * const { vega, warnings } = compileSpec(lambdaCurvesSpecs(sweeps).f1);
 * if (warnings.length) console.warn(warnings);
 * ```
 */
export function compileSpec(spec: TopLevelSpec): CompiledSpec {
  const warnings: string[] = [];
  const out = compile(spec, { logger: collectingLogger((m) => warnings.push(m)) });
  return { vega: out.spec, warnings };
}
