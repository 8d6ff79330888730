// Paginated reads: an opaque cursor (never parse it outside the adapter that made it).

export const defaultPageLimit = 50;
export const maxPageLimit = 500;

export interface PageRequest {
  /** 1..500, default 50. */
  limit?: number;
  /** The `cursor` of the previous page; absent or null for the first page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back for the next page; null when there is none. */
  cursor: string | null;
}
