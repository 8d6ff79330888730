// §2/§12: the 18-character resident ID (居民身份证号码, GB 11643-1999). The last character is the
// ISO 7064 MOD 11-2 check digit over the first 17 digits ('X' stands for 10). The number is PII:
// shown masked everywhere (first 6 and last 4 characters), never logged.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits of a resident ID. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** A human reason why `id` is not a valid resident ID, or null when it is ('x' counts as 'X'). */
export function residentIdProblem(id: string): string | null {
  if (id.length !== 18) return `must be 18 characters (got ${id.length})`;
  if (!/^\d{17}[\dXx]$/.test(id)) return 'must be 17 digits followed by a digit or X';
  const expected = residentIdCheckDigit(id.slice(0, 17));
  if (id[17]!.toUpperCase() !== expected) return `check digit is wrong (expected ${expected})`;
  return null;
}

export function isValidResidentId(id: string): boolean {
  return residentIdProblem(id) === null;
}

/** §12: first 6 and last 4 characters shown, the rest '*': 532931********123X. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** §12: names masked in digests: 张三明 → 张*明, 欧阳明华 → 欧**华, 张三 → 张*, 张 → *. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
