// Small hooks shared by the pages: loading an answer, and the hash route.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure } from './api';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
  /** Shows this answer instead, without loading (it was just read). */
  replace: (data: T) => void;
}

/** Runs `load` when `key` changes (and on reload); keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  // `key` names what `load` reads: a new key (or a reload) loads again.
  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e instanceof ApiFailure ? e.message : '出错了，请刷新后重试。'),
    );
    return () => {
      live = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload, replace: setData };
}

export interface Route {
  /** `/`, `/households/H…`, `/units/532931101`. */
  path: string;
  query: URLSearchParams;
}

function currentRoute(): Route {
  const [path = '/', query = ''] = location.hash.replace(/^#/, '').split('?');
  return { path: path || '/', query: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => {
      setRoute(currentRoute());
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', onChange);
    // The hash may have changed between the first render and this effect.
    setRoute(currentRoute());
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export const href = (path: string, query?: Record<string, string>): string =>
  `#${path}${query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;

export interface Paged<T> {
  items: T[] | null;
  error: string | null;
  /** Loads the next page; null when there is none. */
  more: (() => void) | null;
  reload: () => void;
}

/** A list the API pages through with its cursor: the first page on `key`, more on demand. */
export function usePaged<T>(
  loadPage: (cursor: string | undefined) => Promise<{ items: T[]; cursor: string | null }>,
  key: string,
): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const failed = (e: unknown) => setError(e instanceof ApiFailure ? e.message : '出错了，请刷新后重试。');
  // `key` names what `loadPage` reads: a new key (or a reload) starts again from the first page.
  useEffect(() => {
    let live = true;
    setError(null);
    loadPage(undefined).then((page) => {
      if (!live) return;
      setItems(page.items);
      setCursor(page.cursor);
    }, failed);
    return () => {
      live = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const more = cursor
    ? () =>
        loadPage(cursor).then((page) => {
          setItems((before) => [...(before ?? []), ...page.items]);
          setCursor(page.cursor);
        }, failed)
    : null;
  return { items, error, more, reload };
}
