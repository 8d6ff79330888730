// The master key of the ID numbers on the local stack (D16): 32 random bytes in DATA_DIR/id-key.json
// (mode 0600, in the 0700 data directory), with the local keyed-hash secret. Data keys are wrapped with
// AES-256-GCM under it. Also the in-memory twin's master key (a key that lives only in the process).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataKeySource } from './envelope-vault';

export function localDataKeys(masterKey: Buffer): DataKeySource {
  if (masterKey.length !== 32) throw new Error('the local ID number key must be 32 bytes');
  return {
    kind: 'local',
    async generate() {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { plaintext, wrapped };
    },
    async unwrap(wrapped) {
      const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, 12));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
    },
  };
}

export interface LocalIdKey {
  key: Buffer;
  hashSecret: string;
}

export const localIdKeyFile = (dataDir: string): string => path.join(dataDir, 'id-key.json');

/** DATA_DIR/id-key.json, created (0600) with a new key and hash secret when missing. */
export function ensureLocalIdKey(dataDir: string): string {
  const file = localIdKeyFile(dataDir);
  if (!existsSync(file)) {
    const content = {
      version: 1,
      key: randomBytes(32).toString('base64'),
      hashSecret: randomBytes(32).toString('base64url'),
    };
    // `wx`: two stacks starting at once do not both write a key.
    try {
      writeFileSync(file, `${JSON.stringify(content)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(file, 0o600);
  return file;
}

export function readLocalIdKey(file: string): LocalIdKey {
  let parsed: { key?: unknown; hashSecret?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (e) {
    throw new Error(
      `cannot read the ID number key file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'not JSON'}`,
    );
  }
  const key = typeof parsed.key === 'string' ? Buffer.from(parsed.key, 'base64') : Buffer.alloc(0);
  if (key.length !== 32 || typeof parsed.hashSecret !== 'string' || parsed.hashSecret.length < 16) {
    throw new Error(`the ID number key file ${file} holds no 32-byte key and hash secret`);
  }
  return { key, hashSecret: parsed.hashSecret };
}
