// The web app's session: a token about to expire is renewed by the provider (OIDC silent renew) before
// a request; one that has expired and cannot be renewed signs out, saying so ("sign in again").
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  expiredWords,
  freshSession,
  session,
  setSessionProvider,
  signIn,
  signOut,
  signOutReason,
} from '../../web/src/session';

const jwt = (claims: Record<string, unknown>) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');
const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

afterEach(() => {
  vi.useRealTimers();
  signOut();
});

describe('the web app session', () => {
  it('refuses a token without role and unit, or already expired', () => {
    expect(signIn(jwt({ unit: '532931', exp: inSeconds(600) }))).toBe(false);
    expect(signIn(jwt({ role: 'county', unit: '532931', exp: inSeconds(-1) }))).toBe(false);
    expect(signIn(jwt({ role: 'county', unit: '532931', exp: inSeconds(600) }))).toBe(true);
  });

  it('renews a token about to expire through the provider before a request', async () => {
    const renewed = jwt({ role: 'village', unit: '532931101201', exp: inSeconds(3600) });
    setSessionProvider({ renew: async () => signIn(renewed), signOut: async () => undefined });
    signIn(jwt({ role: 'village', unit: '532931101201', exp: inSeconds(30) }));

    expect((await freshSession())?.token).toBe(renewed);
  });

  it('asks to sign in again when the token has expired and cannot be renewed', async () => {
    setSessionProvider({ renew: async () => false, signOut: async () => undefined });
    signIn(jwt({ role: 'village', unit: '532931101201', exp: inSeconds(10) }));
    vi.useFakeTimers({ now: Date.now() + 11_000 });

    expect(await freshSession()).toBeNull();
    expect(session()).toBeNull();
    expect(signOutReason()).toBe(expiredWords);
  });
});
