// The visit form's drafts across a sign-in at the OIDC provider (issue 20): the page is left, so unsent
// forms wait in sessionStorage for the round trip, come back when the page starts again and leave the
// storage at once; a recorded visit and the officer's sign-out clear them.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Draft,
  draftOf,
  dropAllDrafts,
  dropDraft,
  keepDraft,
  restoreDrafts,
  stashDrafts,
  stashKey,
} from '../../web/src/drafts';

/** sessionStorage as the browser gives it, in memory. */
function fakeStorage(): Storage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

const village = '532931101201';
const typed = (visitor: string, findings = '入户了解就医报销情况'): Draft => ({
  date: '2026-12-08',
  method: 'home',
  visitor,
  findings,
  income: { wageIncome: '30000' },
});

afterEach(() => dropAllDrafts(null));

describe('visit drafts across the OIDC redirect', () => {
  it('stashes the typed drafts before the redirect and restores them (leaving the storage) when the page starts again', () => {
    const storage = fakeStorage();
    keepDraft('H1', village, typed('周联络'));
    keepDraft('H2', village, typed('', ''));

    stashDrafts(storage, 1_000);
    const stashed = JSON.parse(storage.items.get(stashKey)!);
    // The page is left: its memory is gone.
    dropAllDrafts(null);
    const restored = restoreDrafts(storage, 2_000);

    expect(Object.keys(stashed.drafts)).toEqual(['H1']);
    expect(restored).toBe(1);
    expect(draftOf('H1', village)).toEqual(typed('周联络'));
    expect(draftOf('H2', village)).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it('gives a draft back only to an officer of the unit that typed it', () => {
    const storage = fakeStorage();
    keepDraft('H1', village, typed('周联络'));
    stashDrafts(storage, 1_000);
    dropAllDrafts(null);
    restoreDrafts(storage, 2_000);

    expect(draftOf('H1', '532931101202')).toBeUndefined();
    expect(draftOf('H1', village)?.visitor).toBe('周联络');
  });

  it('clears a draft when its visit is recorded, and every draft (and the stash) at sign-out', () => {
    const storage = fakeStorage();
    keepDraft('H1', village, typed('周联络'));
    keepDraft('H2', village, typed('孙联络'));
    stashDrafts(storage, 1_000);

    dropDraft('H1', storage);
    const afterVisit = JSON.parse(storage.items.get(stashKey)!);
    const h2 = draftOf('H2', village);
    dropAllDrafts(storage);

    expect(draftOf('H1', village)).toBeUndefined();
    expect(Object.keys(afterVisit.drafts)).toEqual(['H2']);
    expect(h2?.visitor).toBe('孙联络');
    expect(draftOf('H2', village)).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it('writes nothing when nothing was typed, drops a stash older than a day and ignores a malformed one', () => {
    const storage = fakeStorage();
    stashDrafts(storage, 1_000);
    const nothing = storage.items.size;
    keepDraft('H1', village, typed('周联络'));
    stashDrafts(storage, 1_000);
    dropAllDrafts(null);
    const stale = restoreDrafts(storage, 1_000 + 25 * 3600_000);
    storage.setItem(stashKey, '{"savedAt":1,"drafts":{"H9":{"unit":"x","draft":{"visitor":1}}}}');
    const malformed = restoreDrafts(storage, 2);
    storage.setItem(stashKey, 'not json');
    const broken = restoreDrafts(storage, 2);

    expect(nothing).toBe(0);
    expect(stale).toBe(0);
    expect(draftOf('H1', village)).toBeUndefined();
    expect(malformed).toBe(0);
    expect(broken).toBe(0);
    expect(storage.items.size).toBe(0);
  });
});
