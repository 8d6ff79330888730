// Bearer tokens the local stack accepts: ES256 JWTs signed with a key generated once per data
// directory (DIR/jwt-key.json), verified the way API Gateway's JWT authorizer verifies them
// (signature, issuer, audience, expiry, and the API scope: issue 17 item 10).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { type UnitLevel, unitLevels } from '../domain/model';
import { defaultApiScope, scopesOfClaims } from '../infra/auth';

export const localIssuer = 'fanpin-local';
export const localAudience = 'fanpin';
const ALG = 'ES256';

/** Division code lengths: county 6 digits, township 9, village 12. */
export const unitCodeLength: Record<UnitLevel, number> = { county: 6, township: 9, village: 12 };

export interface TokenSubject {
  role: UnitLevel;
  unit: string;
  sub?: string;
}

export interface TokenClaims {
  role: UnitLevel;
  unit: string;
  sub: string;
  iss: string;
  aud: string | string[];
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/** A valid token without the API scope (API Gateway answers it 403, not 401: issue 17 item 10). */
export class InsufficientScopeError extends TokenError {
  constructor(readonly scope: string) {
    super(`the token does not carry the API scope ${scope}`);
    this.name = 'InsufficientScopeError';
  }
}

/** Checks a role and its unit code; throws a TokenError naming what is wrong. */
export function checkSubject(subject: { role: string; unit: string }): asserts subject is TokenSubject {
  if (!(unitLevels as readonly string[]).includes(subject.role)) {
    throw new TokenError(`role "${subject.role}" must be one of ${unitLevels.join(', ')}`);
  }
  const length = unitCodeLength[subject.role as UnitLevel];
  if (!new RegExp(`^\\d{${length}}$`).test(subject.unit)) {
    throw new TokenError(`a ${subject.role} unit code is ${length} digits, not "${subject.unit}"`);
  }
}

interface StoredKey {
  kid: string;
  alg: typeof ALG;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface LocalTokens {
  /** The public key as a JWKS, e.g. to serve at /.well-known/jwks.json. */
  jwks: { keys: JWK[] };
  /** `scope`: the token's scope claim, default the API scope; null for a token without one (tests). */
  issueToken(
    subject: TokenSubject,
    options?: { ttlSeconds?: number; nowMs?: number; scope?: string | null },
  ): Promise<string>;
  /** The verified claims; throws a TokenError when the token is malformed, tampered with, expired or foreign. */
  verifyToken(token: string, options?: { nowMs?: number }): Promise<TokenClaims>;
}

export const defaultTokenTtlSeconds = 7 * 24 * 3600;

export function keyFile(dataDir: string): string {
  return path.join(dataDir, 'jwt-key.json');
}

async function loadOrCreateKey(dataDir: string): Promise<StoredKey> {
  const file = keyFile(dataDir);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = randomUUID();
  const stored: StoredKey = {
    kid,
    alg: ALG,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // wx: if two processes race, the first key wins and the second reads it.
  try {
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  }
  return stored;
}

/** The data directory's signing key (created on first use). */
export async function localTokens(dataDir: string): Promise<LocalTokens> {
  const stored = await loadOrCreateKey(dataDir);
  const privateKey = await importJWK(stored.privateJwk, ALG);
  const publicKey = await importJWK(stored.publicJwk, ALG);
  return {
    jwks: { keys: [stored.publicJwk] },
    issueToken: async (subject, options = {}) => {
      checkSubject(subject);
      const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
      const scope = options.scope === undefined ? defaultApiScope : options.scope;
      return await new SignJWT({ role: subject.role, unit: subject.unit, ...(scope ? { scope } : {}) })
        .setProtectedHeader({ alg: ALG, kid: stored.kid, typ: 'JWT' })
        .setSubject(subject.sub ?? `local:${subject.role}:${subject.unit}`)
        .setIssuer(localIssuer)
        .setAudience(localAudience)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.ttlSeconds ?? defaultTokenTtlSeconds))
        .sign(privateKey);
    },
    verifyToken: async (token, options = {}) => {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, publicKey, {
          algorithms: [ALG],
          issuer: localIssuer,
          audience: localAudience,
          requiredClaims: ['exp', 'sub'],
          ...(options.nowMs !== undefined ? { currentDate: new Date(options.nowMs) } : {}),
        }));
      } catch (e) {
        throw new TokenError(`the token does not verify: ${(e as Error).message}`);
      }
      // As the AWS authorizer's authorizationScopes: a token of another client of the issuer is refused.
      if (!scopesOfClaims(payload).includes(defaultApiScope))
        throw new InsufficientScopeError(defaultApiScope);
      const subject = { role: String(payload.role ?? ''), unit: String(payload.unit ?? '') };
      checkSubject(subject);
      return payload as TokenClaims;
    },
  };
}
