// Issue 17 item 10: the OAuth scope a token must carry to use the API (the JWT authorizer's
// `authorizationScopes` on AWS, `auth.scopes` in the deployment configuration; the local gateway's tokens
// carry and require it too, so the local stack refuses what AWS refuses).
export const defaultApiScope = 'fanpin/api';

/** The scopes a token grants: its `scope` (space-separated, OAuth 2.0) or `scp` (a list, or a string). */
export function scopesOfClaims(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return typeof raw === 'string' ? raw.split(' ').filter(Boolean) : [];
}
