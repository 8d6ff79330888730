// Money at the edges: yuan as written in CSV cells and JSON bodies ↔ integer fen inside lib/.
// §3/§5: money is compared in whole fen, so parsing never goes through floating-point arithmetic.

import { DomainError } from './errors';
import type { Fen } from './model';

/** Largest amount accepted for one field: 100 million yuan, so products with ratios stay exact. */
export const MAX_ABS_FEN = 10_000_000_000;

const YUAN = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

export interface YuanOptions {
  /** Only fields that may be negative (business income, prior-year net income) set this. */
  allowNegative?: boolean;
}

export type MoneyParse = { ok: true; fen: Fen } | { ok: false; message: string };

/** Parses yuan ('1234.5', ' 1,234.50 ', 1234.5) into integer fen without float drift. */
export function tryParseYuan(input: string | number, options: YuanOptions = {}): MoneyParse {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: 'is not a finite number' };
    text = String(input);
  } else {
    text = input.trim();
    // Excel exports may group thousands: accept '1,234.50' but not stray commas.
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) text = text.replace(/,/g, '');
  }
  if (text === '') return { ok: false, message: 'is empty: expected an amount in yuan such as 1234.50' };
  const m = YUAN.exec(text);
  if (!m) {
    return /^[+-]?\d+\.\d{3,}$/.test(text)
      ? { ok: false, message: `"${text}" has more than 2 decimal places (yuan are counted to the fen)` }
      : { ok: false, message: `"${text}" is not an amount in yuan such as 1234.50` };
  }
  const negative = m[1] === '-';
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen) || fen > MAX_ABS_FEN) {
    return { ok: false, message: `"${text}" is too large (at most ${MAX_ABS_FEN / 100} yuan)` };
  }
  if (negative && fen !== 0 && !options.allowNegative) {
    return { ok: false, message: `"${text}" must not be negative` };
  }
  return { ok: true, fen: negative ? -fen || 0 : fen };
}

/** Like tryParseYuan, but throws DomainError('validation_failed'). */
export function parseYuan(input: string | number, options: YuanOptions = {}): Fen {
  const r = tryParseYuan(input, options);
  if (!r.ok) throw new DomainError('validation_failed', `amount ${r.message}`);
  return r.fen;
}

/** Integer fen → yuan text with exactly 2 decimals: 123450 → '1234.50', -5 → '-0.05'. */
export function fenToYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${fen} is not a whole number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer fen → yuan as a number (for JSON answers): 123450 → 1234.5. */
export function fenToYuanNumber(fen: Fen): number {
  return Number(fenToYuan(fen));
}

/** Whole yuan (policy lines) → fen. */
export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}
