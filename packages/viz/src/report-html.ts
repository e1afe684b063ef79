/**
 * One self-contained HTML report: summary, tables, and every plot as inline SVG with its
 * Vega-Lite spec beside it as JSON. Nothing is loaded from anywhere — no scripts, fonts, styles or
 * images from the network, which a Content-Security-Policy in the page also enforces — so it
 * opens the same offline, from a file, or attached to an issue.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml, jsonForScript } from './escape.js';
import { markdownToHtml } from './markdown.js';
import { type RenderSvgOptions, renderSvg } from './render-svg.js';
import { REPORT_CSS, REPORT_SCRIPT } from './report-assets.js';
import { scopeSvgIds } from './svg-ids.js';
import { type ReportTable, tableHtml } from './table-html.js';

/** One plot of the report. */
export interface ReportFigure {
  /** Heading of the figure (plain text). */
  title: string;
  spec: TopLevelSpec;
  /** Shown under the plot (plain text). */
  caption?: string;
  /**
   * The spec already rendered by {@link renderSvg} (e.g. to write it to a file too), so the report
   * does not render it again; default: rendered here.
   */
  svg?: string;
}

/**
 * The summary: a string is Markdown (the subset of {@link markdownToHtml}; any HTML in it is shown
 * as text); `{ html }` is inserted as is, so it must be trusted, already-escaped HTML.
 */
export type ReportSummary = string | { markdown: string } | { html: string };

/** Options of {@link reportHtml}. */
export interface ReportOptions {
  /** Page title and top heading (plain text). */
  title: string;
  summary?: ReportSummary;
  tables?: readonly ReportTable[];
  /** The plots, in order. */
  specs?: readonly ReportFigure[];
  /** Lines under the title, e.g. the command and version that made the report (plain text). */
  meta?: readonly string[];
  /** Passed to {@link renderSvg} for every plot. */
  render?: RenderSvgOptions;
}

function summaryHtml(summary: ReportSummary): string {
  if (typeof summary === 'string') return markdownToHtml(summary);
  return 'html' in summary ? summary.html : markdownToHtml(summary.markdown);
}

/** An entry of the report's contents: the element it links to and its label (escaped HTML). */
interface ContentsEntry {
  id: string;
  label: string;
}

/**
 * Gives every table of the summary's HTML an anchor for the contents: the heading right before
 * it (since the previous table), else the table itself gets `id="table-N"`; the entry's label is
 * that heading's text, else `Table N`.
 */
function anchorTables(html: string): { html: string; tables: ContentsEntry[] } {
  const tables: ContentsEntry[] = [];
  const insertAt = new Map<number, string>();
  let heading: RegExpMatchArray | undefined;
  for (const m of html.matchAll(/<h([1-6])>([\s\S]*?)<\/h\1>|<table>/g)) {
    if (m[0] !== '<table>') {
      heading = m;
      continue;
    }
    const id = `table-${tables.length + 1}`;
    const target = heading ?? m;
    // After `<hN` or `<table`: where the id attribute goes.
    insertAt.set((target.index as number) + (heading ? 3 : 6), id);
    const label = heading ? (heading[2] as string).replace(/<[^>]*>/g, '').trim() : '';
    tables.push({ id, label: label || `Table ${tables.length + 1}` });
    heading = undefined;
  }
  let out = '';
  let at = 0;
  for (const [i, id] of [...insertAt].sort((a, b) => a[0] - b[0])) {
    out += `${html.slice(at, i)} id="${id}"`;
    at = i;
  }
  return { html: out + html.slice(at), tables };
}

function fileName(title: string, i: number): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${String(i + 1).padStart(2, '0')}-${slug || 'plot'}.vl.json`;
}

async function sha256Base64(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function figureHtml(
  figure: ReportFigure,
  i: number,
  render: RenderSvgOptions | undefined,
): Promise<string> {
  const id = `fig-${i + 1}`;
  const specId = `spec-${id}`;
  const svg = scopeSvgIds(figure.svg ?? (await renderSvg(figure.spec, render)), id);
  const caption = figure.caption ? `\n<figcaption>${escapeHtml(figure.caption)}</figcaption>` : '';
  return `<figure id="${id}" data-spec="${specId}">
<h2>${i + 1}. ${escapeHtml(figure.title)}</h2>
<div class="plot">
${svg}
</div>${caption}
<details class="spec">
<summary>Vega-Lite spec (open it in the Vega editor to explore the plot interactively)</summary>
<div class="actions">
<button type="button" data-action="download" data-file="${escapeHtml(fileName(figure.title, i))}" hidden>Download JSON</button>
<button type="button" data-action="copy" hidden>Copy JSON</button>
</div>
<pre>The spec is in this page's source, in &lt;script id="${specId}"&gt;.</pre>
</details>
<script type="application/json" id="${specId}">
${jsonForScript(figure.spec)}
</script>
</figure>`;
}

/**
 * The report as one HTML document (a string to write to a `.html` file). Plots are rendered with
 * {@link renderSvg}; all text is escaped except a `{ html }` summary.
 *
 * ```ts
 * const curves = lambdaCurvesSpecs(sweeps);
 * const html = await reportHtml({
 *   title: 'vb: SNR pruning on PIT-2015',
 *   summary: '**Seed 1**, 70/15/15 split.',
 *   tables: [sweepSummaryTable(sweeps)],
 *   specs: [
 *     { title: 'Number of parameters vs λ', spec: curves.parameters },
 *     { title: 'F1 vs λ', spec: curves.f1 },
 *   ],
 * });
 * await writeFile('report.html', html);
 * ```
 */
export async function reportHtml(options: ReportOptions): Promise<string> {
  const figures = options.specs ?? [];
  const rendered: string[] = [];
  for (const [i, f] of figures.entries()) rendered.push(await figureHtml(f, i, options.render));
  const scriptHash = await sha256Base64(REPORT_SCRIPT);
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${scriptHash}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = escapeHtml(options.title);
  const meta = (options.meta ?? []).map((m) => `<p class="meta">${escapeHtml(m)}</p>`).join('\n');
  // Contents: every table (those in the summary, then the `tables`) and every figure, linked.
  const anchored = options.summary === undefined ? undefined : anchorTables(summaryHtml(options.summary));
  const tableEntries = [...(anchored?.tables ?? [])];
  const tableBlocks = (options.tables ?? []).map((t) => {
    const id = `table-${tableEntries.length + 1}`;
    tableEntries.push({ id, label: escapeHtml(t.caption || `Table ${tableEntries.length + 1}`) });
    return tableHtml(t).replace('<div class="table">', `<div class="table" id="${id}">`);
  });
  const list = (heading: string, entries: ContentsEntry[]) =>
    entries.length
      ? `<p class="toc-head">${heading}</p>\n<ol>\n${entries
          .map((e) => `<li><a href="#${e.id}">${e.label}</a></li>`)
          .join('\n')}\n</ol>`
      : '';
  const contents = [
    list('Tables', tableEntries),
    list(
      'Figures',
      figures.map((f, i) => ({ id: `fig-${i + 1}`, label: escapeHtml(f.title) })),
    ),
  ].filter((x) => x !== '');
  const toc = contents.length ? `<nav aria-label="Contents">\n${contents.join('\n')}\n</nav>` : '';
  const summary = anchored === undefined ? '' : `<section class="summary">\n${anchored.html}\n</section>`;
  const tables = tableBlocks.length ? `<section class="tables">\n${tableBlocks.join('\n')}\n</section>` : '';
  const plots = rendered.length ? `<section class="figures">\n${rendered.join('\n')}\n</section>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@vb/viz">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${title}</h1>
${meta}
${toc}
</header>
<main>
${[summary, tables, plots].filter((s) => s !== '').join('\n')}
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
