// Opaque page cursors: base64url JSON, validated when decoded (a tampered or foreign cursor is a 400).
import { DomainError } from '../domain/errors';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor and checks it with `accept`; anything else is DomainError('malformed'). */
export function decodeCursor<T>(cursor: string, accept: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!accept(value)) throw invalidCursor();
  return value;
}

function invalidCursor(): DomainError {
  return new DomainError('malformed', 'invalid cursor', [
    { field: 'cursor', message: 'not a cursor of this list' },
  ]);
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new DomainError('malformed', 'limit must be an integer from 1 to 500', [
      { field: 'limit', message: 'from 1 to 500' },
    ]);
  }
  return limit;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
