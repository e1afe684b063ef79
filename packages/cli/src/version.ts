/** The CLI's version, read from its package.json at build time by a plain import. */
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
