// IdNumberVault by envelope encryption (D16, docs/decisions/0018-id-number-encryption.md): each number is
// AES-256-GCM encrypted under a data key; the data key travels in the ciphertext wrapped by the master key
// (AWS KMS, or the local key file). One data key serves many numbers, so an import or a migration asks the
// master key once per `maxKeyUses` numbers or `maxKeyAgeMs`, not once per household; wrapped keys already
// opened are cached, so opening a village's numbers asks once per data key.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { maskIdNumber } from '../../domain/resident-id';
import { type IdNumberVault, IdNumberVaultUnavailable } from '../../ports/id-number-vault';

export interface DataKey {
  plaintext: Buffer;
  /** The data key wrapped by the master key: what a ciphertext carries. */
  wrapped: Buffer;
}

/** The master key: makes data keys and unwraps them (KMS GenerateDataKey/Decrypt, or a local key). */
export interface DataKeySource {
  /** Named in each ciphertext ('kms', 'local'), so a ciphertext says which kind of key opens it. */
  readonly kind: string;
  generate(): Promise<DataKey>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

export interface EnvelopeVaultOptions {
  /** The keyed-hash secret (§10); absent in a function that does not hash. */
  hashSecret?: string;
  /** The master key; absent in a function that neither encrypts nor decrypts. */
  keys?: DataKeySource;
  /** A data key encrypts at most this many numbers (default 100,000; GCM with random IVs allows 2^32). */
  maxKeyUses?: number;
  /** … and is used for at most this long (default 10 minutes). */
  maxKeyAgeMs?: number;
  /** Wrapped data keys kept opened (default 256). */
  maxOpenedKeys?: number;
  now?: () => number;
}

const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;
const b64 = (b: Buffer) => b.toString('base64url');
const aadOf = (householdId: string) => Buffer.from(`fanpin:headIdNumber:${householdId}`, 'utf8');

export const normaliseIdNumber = (idNumber: string): string => idNumber.trim().toUpperCase();

/** §10: HMAC-SHA256, base64url: the same hash the table's ID-hash index was always keyed by. */
export function idNumberHash(secret: string, idNumber: string): string {
  return createHmac('sha256', secret).update(normaliseIdNumber(idNumber)).digest('base64url');
}

export function createEnvelopeVault(options: EnvelopeVaultOptions): IdNumberVault {
  const maxUses = options.maxKeyUses ?? 100_000;
  const maxAge = options.maxKeyAgeMs ?? 10 * 60_000;
  const maxOpened = options.maxOpenedKeys ?? 256;
  const now = options.now ?? Date.now;
  const keys = (): DataKeySource => {
    if (!options.keys) throw new IdNumberVaultUnavailable('ID number key (ID_KMS_KEY_ID or ID_KEY_FILE)');
    return options.keys;
  };

  let current: { key: Promise<DataKey>; uses: number; since: number } | null = null;
  /** Wrapped key (base64url) → its plaintext; insertion order is the eviction order. */
  const opened = new Map<string, Promise<Buffer>>();
  const remember = (wrapped: string, key: Promise<Buffer>) => {
    opened.set(wrapped, key);
    if (opened.size > maxOpened) opened.delete(opened.keys().next().value as string);
  };

  function dataKeyForSealing(): Promise<DataKey> {
    if (!current || current.uses >= maxUses || now() - current.since >= maxAge) {
      const key = keys().generate();
      // A failed generation is not cached: the next number asks again.
      key.catch(() => {
        if (current?.key === key) current = null;
      });
      current = { key, uses: 0, since: now() };
    }
    current.uses += 1;
    return current.key;
  }

  function unwrap(wrapped: string): Promise<Buffer> {
    const hit = opened.get(wrapped);
    if (hit) return hit;
    const key = keys().unwrap(Buffer.from(wrapped, 'base64url'));
    key.catch(() => opened.delete(wrapped));
    remember(wrapped, key);
    return key;
  }

  function hash(idNumber: string): string {
    if (!options.hashSecret) throw new IdNumberVaultUnavailable('ID hash secret (ID_HASH_SECRET)');
    return idNumberHash(options.hashSecret, idNumber);
  }

  return {
    hash,
    async seal(idNumber, householdId) {
      const number = normaliseIdNumber(idNumber);
      const { plaintext, wrapped } = await dataKeyForSealing();
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', plaintext, iv);
      cipher.setAAD(aadOf(householdId));
      const body = Buffer.concat([cipher.update(number, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      const wrappedText = b64(wrapped);
      if (!opened.has(wrappedText)) remember(wrappedText, Promise.resolve(plaintext));
      return {
        masked: maskIdNumber(number),
        hash: hash(number),
        sealed: [version, keys().kind, wrappedText, b64(iv), b64(body)].join('.'),
      };
    },
    async open(sealed, householdId) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== version) throw new Error('not a sealed ID number');
      const [, kind, wrapped, iv, body] = parts as [string, string, string, string, string];
      if (kind !== keys().kind) {
        throw new Error(
          `this ID number was sealed with a ${kind} key; this vault holds a ${keys().kind} key`,
        );
      }
      const key = await unwrap(wrapped);
      const data = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aadOf(householdId));
      decipher.setAuthTag(data.subarray(data.length - tagBytes));
      return Buffer.concat([
        decipher.update(data.subarray(0, data.length - tagBytes)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
