// DynamoDB's 400 KB item limit, as the in-memory twin enforces it (issue 17 item 7): a list that grows
// inside one item must fail in app tests the way it fails on the table. The size is DynamoDB's documented
// approximation: each attribute's name and value in UTF-8 bytes; a number 1 byte per two significant
// digits plus 1; null and booleans 1; a list or map 3 bytes plus 1 per element (and a map its keys).
export const maxItemBytes = 400 * 1024;

/** What the table item adds to the record: keys, type marker and index attributes (gsi*pk/sk). */
const keysAndIndexes = 512;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function valueSize(v: unknown): number {
  if (v === null || v === undefined || typeof v === 'boolean') return 1;
  if (typeof v === 'string') return utf8(v);
  if (typeof v === 'number') {
    const digits = String(Math.abs(v)).replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (Array.isArray(v)) return 3 + v.reduce((n: number, x) => n + 1 + valueSize(x), 0);
  if (typeof v === 'object')
    return (
      3 +
      Object.entries(v as Record<string, unknown>).reduce(
        (n, [k, x]) => (x === undefined ? n : n + 1 + utf8(k) + valueSize(x)),
        0,
      )
    );
  return utf8(String(v));
}

/** The approximate size of the item that would store `record`, in bytes. */
export function itemSize(record: object): number {
  let n = keysAndIndexes;
  for (const [k, v] of Object.entries(record)) if (v !== undefined) n += utf8(k) + valueSize(v);
  return n;
}

/** Throws as DynamoDB does when a record's item would pass the limit. */
export function checkItemSize(what: string, record: object): void {
  const size = itemSize(record);
  if (size > maxItemBytes) {
    const e = new Error(`Item size has exceeded the maximum allowed size (${what}: ${size} bytes)`);
    e.name = 'ValidationException';
    throw e;
  }
}
