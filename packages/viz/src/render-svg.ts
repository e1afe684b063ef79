/**
 * Headless rendering: Vega-Lite → Vega → SVG text in Node, with no browser and no `canvas`
 * package (Vega then estimates text widths from font size instead of measuring them, so labels
 * may be placed a few pixels differently than in a browser). Works in a browser too.
 */
import { type Loader, parse, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { collectingLogger, compileSpec } from './compile.js';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Multiplies the SVG's width and height (default 1). */
  scale?: number;
  /**
   * Receives each warning of the Vega-Lite compiler and of the Vega runtime (default:
   * `console.warn` with a `@vb/viz:` prefix).
   */
  onWarning?: (message: string) => void;
}

/**
 * A Vega loader that loads nothing and remembers what it was asked for: plots are built from
 * inline data, and rendering never touches the network or the disk.
 */
function offlineLoader(asked: string[]): Loader {
  const refuse = (uri: string) => {
    asked.push(uri);
    return Promise.reject(new Error(`@vb/viz renders offline: will not load ${uri}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/**
 * Renders a Vega-Lite spec to an SVG string (`renderer: 'none'`, so no DOM or canvas is needed).
 *
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * const svg = await renderSvg(trainingCurvesSpec([{ model: 'RNN', history }]));
 * await writeFile('training.svg', svg);
 * ```
 * @throws Error when the spec does not compile, Vega reports an error while running it, or it
 * asks to load data from a URL.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const onWarning = options.onWarning ?? ((m: string) => console.warn(`@vb/viz: ${m}`));
  const { vega, warnings } = compileSpec(spec);
  for (const w of warnings) onWarning(w);
  // Vega logs (rather than throws) errors met while running the dataflow, e.g. a failed load:
  // collect them and fail, instead of returning a silently empty plot.
  const errors: string[] = [];
  const asked: string[] = [];
  const view = new View(parse(vega), {
    renderer: 'none',
    loader: offlineLoader(asked),
    logger: collectingLogger(onWarning, (m) => errors.push(m)),
  });
  try {
    const svg = await view.toSVG(options.scale ?? 1);
    // Vega only warns when a load fails; a plot missing its data is an error here.
    if (asked.length) {
      throw new Error(
        `@vb/viz renders offline, but the spec asks to load ${asked.join(', ')}: give its data inline`,
      );
    }
    if (errors.length) throw new Error(`@vb/viz: Vega failed to render the spec: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}
