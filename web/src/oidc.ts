// Sign-in on AWS (ADR 0015): the deployment's OIDC provider, authorization code with PKCE (oidc-client-ts).
// Tokens live in memory (InMemoryWebStorage); only the PKCE verifier and state wait in sessionStorage
// for the round trip to the provider, and oidc-client-ts removes them at the callback (and unsent visit
// forms, drafts.ts, removed when the page starts again). The token is
// renewed silently with the refresh token a minute before it expires; when it cannot be (no refresh
// token, or the provider's session ended), the officer is asked to sign in again.
import { InMemoryWebStorage, type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { OidcSignIn } from './config';
import { stashDrafts } from './drafts';
import { expiredWords, setSessionProvider, signIn, signOut } from './session';

export interface OidcStart {
  /** Sends the browser to the provider; it comes back to the page it left. */
  signInRedirect: () => Promise<void>;
  /** Why the sign-in that just came back did not succeed; null when it did (or none came back). */
  problem: string | null;
}

const missingClaims = '登录凭证缺少角色或单位（role、unit），请联系管理员开通。';

export async function startOidc(config: OidcSignIn): Promise<OidcStart> {
  const manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${location.origin}/`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: config.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  });
  const bearerOf = (user: User) => (config.bearer === 'id_token' ? (user.id_token ?? '') : user.access_token);
  // A renewed token replaces the session's.
  manager.events.addUserLoaded((user) => {
    if (!signIn(bearerOf(user))) signOut(missingClaims);
  });
  manager.events.addAccessTokenExpired(() => signOut(expiredWords));
  setSessionProvider({
    renew: async () => {
      const user = await manager.signinSilent();
      return user !== null && signIn(bearerOf(user));
    },
    signOut: async () => {
      await manager.removeUser();
      // Providers without an end-session endpoint (Cognito's is not in its discovery document): the
      // session here has ended; the provider's ends when it expires.
      await manager.signoutRedirect().catch(() => undefined);
    },
  });

  let problem: string | null = null;
  const query = new URLSearchParams(location.search);
  if (query.has('state') && (query.has('code') || query.has('error'))) {
    let back = '#/';
    try {
      const user = await manager.signinRedirectCallback();
      if (typeof user.state === 'string' && user.state.startsWith('#/')) back = user.state;
      if (!signIn(bearerOf(user))) problem = missingClaims;
    } catch {
      problem = '统一身份认证登录未完成，请重试。';
    }
    // The code and state leave the address bar (and the history).
    history.replaceState(null, '', `${location.pathname}${back}`);
  }
  return {
    signInRedirect: () => {
      // The page is left for the provider: unsent visit forms wait in sessionStorage (drafts.ts).
      stashDrafts();
      return manager.signinRedirect({ state: location.hash.startsWith('#/') ? location.hash : '#/' });
    },
    problem,
  };
}
