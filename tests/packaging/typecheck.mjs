/**
 * `tsc --strict --noEmit` of consumer files against the installed tarballs, with the TypeScript API
 * (one process for every case). Each case names its files, resolution and libs; `skipLibCheck` is
 * off unless said, so errors in the packages' own .d.ts count.
 * A case may tolerate errors inside named third-party folders (`tolerate`): they are counted and
 * shown, everything else fails. Run from the consumer folder: node typecheck.mjs
 */
import ts from 'typescript';

const base = { strict: true, noEmit: true, target: 'es2022', skipLibCheck: false, lib: ['es2022'], types: ['node'] };
const node16 = { module: 'node16', moduleResolution: 'node16' };
const bundler = { module: 'esnext', moduleResolution: 'bundler' };
// Vega's own typings name DOM types (Element, HTMLElement, MouseEvent: its View renders into a page);
// @vb/viz's public types use Vega-Lite's spec types, which import them. Ours must need no DOM.
const vegaTypings = ['node_modules/vega-typings/'];

const cases = [
  { name: 'quickstart, node16, lib es2022', files: ['quickstart.mts'], options: { ...node16 } },
  { name: 'quickstart, bundler, lib es2022', files: ['quickstart.mts'], options: { ...bundler } },
  { name: 'all entries, node16, lib es2022', files: ['consumer.mts'], options: { ...node16 }, tolerate: vegaTypings },
  { name: 'all entries, bundler, lib es2022', files: ['consumer.mts'], options: { ...bundler }, tolerate: vegaTypings },
  { name: 'all entries, node16, skipLibCheck', files: ['consumer.mts'], options: { ...node16, skipLibCheck: true } },
  { name: 'all entries, bundler, skipLibCheck', files: ['consumer.mts'], options: { ...bundler, skipLibCheck: true } },
  { name: 'CommonJS .cts, nodenext', files: ['consumer.cts'], options: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'browser, bundler, lib es2022+dom, no @types/node', files: ['browser.ts'], options: { ...bundler, lib: ['es2022', 'dom'], types: [] } },
];

const host = { ...ts.sys, getCurrentDirectory: () => process.cwd() };
// Parsed files shared between the cases (the libs and the packages' .d.ts are the same in each).
const parsed = new Map();
function compilerHost(options) {
  const h = ts.createCompilerHost(options);
  const getSourceFile = h.getSourceFile.bind(h);
  h.getSourceFile = (fileName, languageVersion, ...rest) => {
    const format = typeof languageVersion === 'object' ? `${languageVersion.languageVersion}/${languageVersion.impliedNodeFormat}` : languageVersion;
    const key = `${fileName}|${format}|${options.module}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(fileName, languageVersion, ...rest));
    return parsed.get(key);
  };
  return h;
}
let failed = 0;
for (const c of cases) {
  const raw = { ...base, ...c.options };
  const { options, errors } = ts.convertCompilerOptionsFromJson(raw, process.cwd());
  if (errors.length) throw new Error(ts.formatDiagnostics(errors, host));
  const t0 = performance.now();
  const program = ts.createProgram(c.files, options, compilerHost(options));
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const tolerated = diagnostics.filter((d) => c.tolerate?.some((dir) => d.file?.fileName.includes(dir)));
  const real = diagnostics.filter((d) => !tolerated.includes(d));
  const ms = (performance.now() - t0).toFixed(0);
  if (real.length) {
    failed++;
    console.log(`FAIL tsc: ${c.name} (${real.length} errors)`);
    console.log(ts.formatDiagnostics(real, { ...host, getCanonicalFileName: (f) => f, getNewLine: () => '\n' }));
  } else {
    const note = tolerated.length
      ? `; ${tolerated.length} errors inside ${c.tolerate.join(', ')} (third-party; needs the DOM lib or skipLibCheck)`
      : '';
    console.log(`ok   tsc: ${c.name} (${ms} ms${note})`);
  }
}
console.log(`typescript ${ts.version}: ${cases.length - failed} of ${cases.length} cases clean`);
process.exit(failed ? 1 : 0);
