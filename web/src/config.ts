// What the deployment tells the page (ADR 0015): `/config.json`, served beside the page (no-cache). The
// local stack answers `{"signIn":"local"}`; a CDK deployment writes the OIDC provider's issuer and the
// app's client id into its bucket (cdk/constructs/web-hosting.ts). Read once, before the first render.
export interface OidcSignIn {
  signIn: 'oidc';
  /** The OIDC issuer; its `/.well-known/openid-configuration` names the endpoints. */
  authority: string;
  /** The app's client id (a public client: no secret). */
  clientId: string;
  scope: string;
  /** Which token the API receives as the bearer: the one whose audience is the client id. */
  bearer: 'access_token' | 'id_token';
}

export type WebConfig = { signIn: 'local' } | OidcSignIn;

function isWebConfig(value: unknown): value is WebConfig {
  const c = value as Partial<Omit<OidcSignIn, 'signIn'>> & { signIn?: unknown };
  if (c?.signIn === 'local') return true;
  return (
    c?.signIn === 'oidc' &&
    typeof c.authority === 'string' &&
    typeof c.clientId === 'string' &&
    typeof c.scope === 'string' &&
    (c.bearer === 'access_token' || c.bearer === 'id_token')
  );
}

/** The deployment's configuration; `local` when there is none (e.g. a page served without it). */
export async function loadConfig(): Promise<WebConfig> {
  const answer = await fetch('/config.json', { cache: 'no-cache' });
  if (answer.status === 404) return { signIn: 'local' };
  if (!answer.ok) throw new Error(`/config.json: ${answer.status}`);
  const config: unknown = await answer.json();
  if (!isWebConfig(config)) throw new Error('/config.json is not a web app configuration');
  return config;
}
