// Unsent visit forms, by household (issue 20: a visit form keeps its input). While the page is open they
// live in memory, like the session. When the officer must sign in again at the OIDC provider (the token
// expired mid-form), the page is left for the provider's sign-in and its memory is lost: just before that
// redirect the drafts are written to sessionStorage (this tab only, gone when it closes), and read back
// and removed from it as soon as the page starts again. Nothing else is written: only what the officer
// typed into the form (date, method, visitor, findings, incomes), with the household id and the
// officer's unit. A draft is cleared when its visit is recorded, and every draft when the officer signs
// out (退出); one stashed more than a day ago is dropped unread.
export type IncomeField = 'wageIncome' | 'businessIncome' | 'propertyIncome' | 'transferIncome';

export interface Draft {
  date: string;
  method: 'home' | 'phone';
  visitor: string;
  findings: string;
  income: Partial<Record<IncomeField, string>>;
}

interface Kept {
  /** The unit of the officer who typed it: another officer signing in on this tab does not see it. */
  unit: string;
  draft: Draft;
}

const drafts = new Map<string, Kept>();

/** The sessionStorage key of the stash (one item, JSON `{savedAt, drafts: {householdId: Kept}}`). */
export const stashKey = 'fanpin.visit-drafts';
const stashLifetimeMs = 24 * 3600_000;

export function draftOf(householdId: string, unit: string): Draft | undefined {
  const kept = drafts.get(householdId);
  return kept && kept.unit === unit ? kept.draft : undefined;
}

export function keepDraft(householdId: string, unit: string, draft: Draft): void {
  drafts.set(householdId, { unit, draft });
}

/** The visit was recorded: its draft is gone, here and in the stash. */
export function dropDraft(householdId: string, storage: Storage | null = sessionStorageOrNull()): void {
  drafts.delete(householdId);
  const stash = readStash(storage);
  if (stash && householdId in stash.drafts) {
    delete stash.drafts[householdId];
    writeStash(storage, stash.drafts, stash.savedAt);
  }
}

/** The officer signed out: every draft is gone. */
export function dropAllDrafts(storage: Storage | null = sessionStorageOrNull()): void {
  drafts.clear();
  storage?.removeItem(stashKey);
}

/** Just before leaving the page for the provider's sign-in: the drafts with something typed go to the
 *  stash (nothing is written when there are none). */
export function stashDrafts(storage: Storage | null = sessionStorageOrNull(), now = Date.now()): void {
  const typed = [...drafts].filter(([, k]) => k.draft.visitor.trim() || k.draft.findings.trim());
  if (!storage || typed.length === 0) return;
  writeStash(storage, Object.fromEntries(typed), now);
}

/** When the page starts: the stashed drafts come back to memory and leave the stash. */
export function restoreDrafts(storage: Storage | null = sessionStorageOrNull(), now = Date.now()): number {
  const stash = readStash(storage);
  storage?.removeItem(stashKey);
  if (!stash || now - stash.savedAt > stashLifetimeMs) return 0;
  const entries = Object.entries(stash.drafts).filter(([, k]) => isKept(k));
  for (const [id, kept] of entries) if (!drafts.has(id)) drafts.set(id, kept);
  return entries.length;
}

function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage disabled by the browser: drafts stay in memory only.
    return null;
  }
}

function readStash(storage: Storage | null): { savedAt: number; drafts: Record<string, Kept> } | null {
  const raw = storage?.getItem(stashKey);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as { savedAt?: unknown; drafts?: unknown };
    if (typeof parsed.savedAt !== 'number' || typeof parsed.drafts !== 'object' || !parsed.drafts)
      return null;
    return { savedAt: parsed.savedAt, drafts: parsed.drafts as Record<string, Kept> };
  } catch {
    return null;
  }
}

function writeStash(storage: Storage | null, kept: Record<string, Kept>, savedAt: number): void {
  if (!storage) return;
  if (Object.keys(kept).length === 0) storage.removeItem(stashKey);
  else {
    try {
      storage.setItem(stashKey, JSON.stringify({ savedAt, drafts: kept }));
    } catch {
      // Quota or storage disabled: the drafts stay in memory only.
    }
  }
}

const isKept = (k: unknown): k is Kept => {
  const d = (k as Kept | null)?.draft;
  return (
    typeof (k as Kept | null)?.unit === 'string' &&
    typeof d?.date === 'string' &&
    (d.method === 'home' || d.method === 'phone') &&
    typeof d.visitor === 'string' &&
    typeof d.findings === 'string' &&
    typeof d.income === 'object' &&
    d.income !== null
  );
};
