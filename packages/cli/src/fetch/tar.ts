/**
 * Reading one file out of a gzipped tarball (an npm package) without a dependency, streamed: only
 * the wanted entry's bytes are kept in memory. Understands ustar headers (name + prefix), pax
 * extended headers (`path=`) and GNU long names — all an npm tarball uses.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

function field(buf: Buffer, offset: number, length: number): string {
  const raw = buf.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number {
  const s = field(header, offset, length).trim();
  return s === '' ? 0 : Number.parseInt(s, 8);
}

/** The `path` record of a pax extended header, if any (records are "<len> key=value\n"). */
function paxPath(data: Buffer): string | undefined {
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(data.subarray(i, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0) break;
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') return record.slice(eq + 1);
    i += len;
  }
  return undefined;
}

interface Entry {
  type: string;
  name: string;
  data: Buffer | undefined;
}

/** The content of the regular file `entry` in the gzipped tarball at `path`. @throws Error when it is not there. */
export async function readTgzEntry(path: string, entry: string): Promise<Buffer> {
  let header = Buffer.alloc(0);
  let remaining = 0;
  let padding = 0;
  let filled = 0;
  let current: Entry | undefined;
  let longName: string | undefined;

  /** An entry's data is complete: a long name for the next entry, or the wanted file. */
  const complete = (e: Entry): Buffer | undefined => {
    if (e.type === 'x') longName = paxPath(e.data as Buffer) ?? longName;
    else if (e.type === 'L') longName = field(e.data as Buffer, 0, (e.data as Buffer).length);
    else if (e.data) return e.data;
    return undefined;
  };

  for await (const chunk of createReadStream(path).pipe(createGunzip())) {
    let c = chunk as Buffer;
    while (c.length > 0) {
      if (current && remaining > 0) {
        const n = Math.min(remaining, c.length);
        current.data?.set(c.subarray(0, n), filled);
        filled += n;
        remaining -= n;
        c = c.subarray(n);
        if (remaining === 0) {
          const found = complete(current);
          current = undefined;
          if (found) return found;
        }
        continue;
      }
      if (padding > 0) {
        const n = Math.min(padding, c.length);
        padding -= n;
        c = c.subarray(n);
        continue;
      }
      const need = BLOCK - header.length;
      header = Buffer.concat([header, c.subarray(0, need)]);
      c = c.subarray(need);
      if (header.length < BLOCK) continue;
      const h = header;
      header = Buffer.alloc(0);
      if (h.every((b) => b === 0)) throw new Error(`${path} has no ${entry}`);
      const type = String.fromCharCode(h[156] ?? 0);
      const size = octal(h, 124, 12);
      let name = '';
      if (type !== 'x' && type !== 'L' && type !== 'g') {
        const prefix = field(h, 345, 155);
        name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
        longName = undefined;
      }
      const regular = type === '0' || type === '\0' || type === '7';
      const keep = type === 'x' || type === 'L' || (regular && name === entry);
      current = { type, name, data: keep ? Buffer.allocUnsafe(size) : undefined };
      remaining = size;
      filled = 0;
      padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (size === 0) {
        const found = complete(current);
        current = undefined;
        if (found) return found;
      }
    }
  }
  throw new Error(`${path} has no ${entry}`);
}
