// The signed-in officer: the bearer token and its claims, in memory only (a reload signs out; nothing is
// stored where another script could read it). The token is verified by the API, not here: the claims
// only decide which page to show first. On AWS the OIDC module (oidc.ts) is the session's provider: it
// renews the token before it expires and signs out at the provider too.
export type Role = 'village' | 'township' | 'county';

export interface Session {
  token: string;
  role: Role;
  unit: string;
  /** Seconds since the epoch. */
  exp: number;
}

let current: Session | null = null;
let reason: string | null = null;
const listeners = new Set<() => void>();

function claimsOf(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Signs in with a token; false when it is not a JWT with a role and a unit, or has expired. */
export function signIn(token: string): boolean {
  const claims = claimsOf(token);
  const role = claims?.role;
  const unit = claims?.unit;
  const exp = typeof claims?.exp === 'number' ? claims.exp : 0;
  if ((role !== 'village' && role !== 'township' && role !== 'county') || typeof unit !== 'string')
    return false;
  if (exp * 1000 <= Date.now()) return false;
  current = { token, role, unit, exp };
  reason = null;
  for (const l of listeners) l();
  return true;
}

/** Signs out; `why` is shown on the sign-in page (e.g. the token expired). */
export function signOut(why: string | null = null): void {
  current = null;
  reason = why;
  for (const l of listeners) l();
}

export const expiredWords = '登录已过期，请重新登录。';

/** Renews the token (OIDC silent renew) and signs out at the provider; none locally. */
export interface SessionProvider {
  renew: () => Promise<boolean>;
  signOut: () => Promise<void>;
}
let provider: SessionProvider | null = null;
export function setSessionProvider(p: SessionProvider): void {
  provider = p;
}

/** The officer's own sign-out: here, and at the provider when there is one. */
export function endSession(): void {
  signOut();
  void provider?.signOut().catch(() => undefined);
}

/** Renewal starts this long before a token expires. */
const renewMarginMs = 60_000;

/** The session for a request: renewed first when its token is about to expire; null (signed out, saying
 *  why) when it has expired and cannot be renewed. */
export async function freshSession(): Promise<Session | null> {
  if (!current) return null;
  if (current.exp * 1000 - Date.now() > renewMarginMs) return current;
  if (provider) await provider.renew().catch(() => false);
  if (current && current.exp * 1000 > Date.now()) return current;
  if (current) signOut(expiredWords);
  return null;
}

export const session = (): Session | null => current;
export const signOutReason = (): string | null => reason;

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
