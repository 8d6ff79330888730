// interface.md "Household CSV": UTF-8 (with or without BOM) or GB18030 (Excel exports from Chinese systems).
// Decided from the first bytes: a UTF-8 BOM, else valid UTF-8, else GB18030.
import { open } from 'node:fs/promises';

export type CsvEncoding = 'utf8' | 'gb18030';

const sampleBytes = 64 * 1024;

/** Drops a multi-byte UTF-8 sequence cut off by the end of the sample. */
function withoutCutSequence(bytes: Uint8Array): Uint8Array {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && ((bytes[i] as number) & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes;
  const lead = bytes[i] as number;
  const expected = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return expected > continuation ? bytes.subarray(0, i) : bytes;
}

/** The encoding of a sample of the file's first bytes. */
export function detectEncoding(
  sample: Uint8Array,
  wholeFile: boolean,
): { encoding: CsvEncoding; bom: boolean } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf8', bom: true };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(wholeFile ? sample : withoutCutSequence(sample));
    return { encoding: 'utf8', bom: false };
  } catch {
    return { encoding: 'gb18030', bom: false };
  }
}

/** Reads the first bytes of a file to decide its encoding. */
export async function detectFileEncoding(
  path: string,
): Promise<{ encoding: CsvEncoding; bom: boolean; empty: boolean; binary: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    const sample = buffer.subarray(0, bytesRead);
    // Text in either encoding has no NUL byte; a spreadsheet (.xlsx) or image has many.
    const binary = sample.includes(0);
    return { ...detectEncoding(sample, bytesRead < sampleBytes), empty: bytesRead === 0, binary };
  } finally {
    await handle.close();
  }
}
