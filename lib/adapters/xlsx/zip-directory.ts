// The central directory of an .xlsx (a ZIP archive), read before anything is imported: a file that is no
// ZIP (corrupt, truncated, an old .xls, or an Excel file encrypted with a password — an OLE compound file)
// is refused here with one clear line, before any row is read or written. It also gives single entries
// (workbook.xml and its rels, to find the sheets; a sheet's XML, scanned for its merged cells).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/** The file can't be read as a workbook at all. */
export class WorkbookReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookReadError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Reads and checks the archive's directory; throws WorkbookReadError with the reason an officer can act on. */
export async function readZipDirectory(path: string): Promise<Map<string, ZipEntry>> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new WorkbookReadError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) throw new WorkbookReadError(`${path} is empty (0 bytes): not an Excel workbook`);
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    if (OLE_SIGNATURE.every((b, i) => head[i] === b)) {
      throw new WorkbookReadError(
        /\.xls$/i.test(path)
          ? `${path} is an Excel 97–2003 workbook (.xls), which fanpin does not read: open it in Excel or WPS and save it as .xlsx (另存为 .xlsx)`
          : `${path} is password-protected (encrypted) or an old .xls: remove the password (文件 → 信息 → 保护工作簿) and save it as .xlsx`,
      );
    }
    if (head.readUInt32LE(0) !== LOCAL) {
      throw new WorkbookReadError(
        `${path} is not an Excel workbook (.xlsx): the file is corrupt or of another kind`,
      );
    }
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new WorkbookReadError(`${path} is corrupt: the workbook is cut short (truncated)`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size)
      throw new WorkbookReadError(`${path} is corrupt: its directory points past its end`);
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
        throw new WorkbookReadError(`${path} is corrupt: its directory is damaged`);
      const flags = cd.readUInt16LE(p + 8);
      const nameLength = cd.readUInt16LE(p + 28);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      if (flags & 1)
        throw new WorkbookReadError(`${path} is password-protected: remove the password and save it again`);
      entries.set(name, {
        name,
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        localHeaderOffset: cd.readUInt32LE(p + 42),
      });
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (!entries.has('xl/workbook.xml'))
      throw new WorkbookReadError(`${path} is not an Excel workbook (.xlsx): it has no xl/workbook.xml`);
    return entries;
  } finally {
    await handle.close();
  }
}

/** A stream of one entry's uncompressed bytes. */
export async function entryStream(path: string, entry: ZipEntry): Promise<Readable> {
  const handle = await open(path, 'r');
  const local = Buffer.alloc(30);
  try {
    await handle.read(local, 0, 30, entry.localHeaderOffset);
  } finally {
    await handle.close();
  }
  if (local.readUInt32LE(0) !== LOCAL)
    throw new WorkbookReadError(`${path} is corrupt: entry ${entry.name} is damaged`);
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1 });
  if (entry.method === 0) return raw;
  if (entry.method !== 8)
    throw new WorkbookReadError(`${path}: entry ${entry.name} uses an unknown compression`);
  const inflate = createInflateRaw();
  raw.on('error', (e) => inflate.destroy(e));
  return raw.pipe(inflate);
}

/** A small entry as text (workbook.xml, rels). */
export async function entryText(path: string, entry: ZipEntry): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of await entryStream(path, entry)) chunks.push(chunk as Buffer);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw e;
    throw new WorkbookReadError(`${path} is corrupt: ${entry.name} cannot be unpacked`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
