// D16: the IdNumberVault adapters: envelope encryption with a cached data key (the master key is asked
// once per data key, not once per number), the local key file, and the KMS calls' shape.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createEnvelopeVault, type DataKeySource } from '../../lib/adapters/crypto/envelope-vault';
import { kmsDataKeys } from '../../lib/adapters/crypto/kms-data-keys';
import { ensureLocalIdKey, localDataKeys, readLocalIdKey } from '../../lib/adapters/crypto/local-data-keys';
import { localIdVault } from '../../lib/adapters/crypto/vault-from-config';
import { IdNumberVaultUnavailable } from '../../lib/ports/id-number-vault';

const id = '53293119800101001X';

/** A local master key that counts how often it is asked. */
function counting(source: DataKeySource = localDataKeys(randomBytes(32))) {
  const calls = { generate: 0, unwrap: 0 };
  const keys: DataKeySource = {
    kind: source.kind,
    generate: () => {
      calls.generate += 1;
      return source.generate();
    },
    unwrap: (w) => {
      calls.unwrap += 1;
      return source.unwrap(w);
    },
  };
  return { keys, calls, source };
}

describe('D16 envelope vault', () => {
  it('seals to the masked number, the keyed hash and a ciphertext that opens only for its household', async () => {
    const vault = createEnvelopeVault({ hashSecret: 'a-secret-of-16+chars', keys: counting().keys });

    const sealed = await vault.seal(id.toLowerCase(), 'H1');

    expect(sealed.masked).toBe('532931********001X');
    expect(sealed.hash).toBe(vault.hash(id));
    expect(sealed.sealed).not.toContain(id);
    expect(sealed.sealed).not.toContain('19800101');
    expect(await vault.open(sealed.sealed, 'H1')).toBe(id);
    await expect(vault.open(sealed.sealed, 'H2')).rejects.toThrow();
    // Two seals of one number differ (random IV); the hash does not.
    expect((await vault.seal(id, 'H1')).sealed).not.toBe(sealed.sealed);
  });

  it('asks the master key once for many numbers, again after maxKeyUses, and once per data key to open', async () => {
    const { keys, calls, source } = counting();
    const vault = createEnvelopeVault({ hashSecret: 'a-secret-of-16+chars', keys, maxKeyUses: 500 });

    const sealed = await Promise.all(Array.from({ length: 1000 }, (_, i) => vault.seal(id, `H${i}`)));
    expect(calls.generate).toBe(2);

    // Another process (same master key, nothing cached) opens them: one unwrap per data key.
    const reader = counting(source);
    const other = createEnvelopeVault({ keys: reader.keys });
    await Promise.all(sealed.map((s, i) => other.open(s.sealed, `H${i}`)));
    expect(reader.calls.unwrap).toBe(2);
  });

  it('makes a new data key after maxKeyAgeMs', async () => {
    let now = 0;
    const { keys, calls } = counting();
    const vault = createEnvelopeVault({
      hashSecret: 'a-secret-of-16+chars',
      keys,
      maxKeyAgeMs: 1000,
      now: () => now,
    });
    await vault.seal(id, 'H1');
    now = 999;
    await vault.seal(id, 'H1');
    now = 1000;
    await vault.seal(id, 'H1');
    expect(calls.generate).toBe(2);
  });

  it('does not keep a data key the master key failed to make', async () => {
    let fail = true;
    const source = localDataKeys(randomBytes(32));
    const vault = createEnvelopeVault({
      hashSecret: 'a-secret-of-16+chars',
      keys: {
        ...source,
        generate: () => (fail ? Promise.reject(new Error('throttled')) : source.generate()),
      },
    });
    await expect(vault.seal(id, 'H1')).rejects.toThrow('throttled');
    fail = false;
    expect((await vault.seal(id, 'H1')).masked).toBe('532931********001X');
  });

  it('refuses to hash without the secret and to seal without the key (no default)', async () => {
    expect(() => createEnvelopeVault({ keys: counting().keys }).hash(id)).toThrow(IdNumberVaultUnavailable);
    await expect(createEnvelopeVault({ hashSecret: 'a-secret-of-16+chars' }).seal(id, 'H1')).rejects.toThrow(
      IdNumberVaultUnavailable,
    );
  });
});

describe('D16 local key file', () => {
  it('is created once, 0600, with a 32-byte key and a hash secret, and the vault reads it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fanpin-id-key-'));
    const file = ensureLocalIdKey(dir);
    const key = readLocalIdKey(file);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(key.key).toHaveLength(32);
    expect(ensureLocalIdKey(dir)).toBe(file);
    expect(readLocalIdKey(file)).toEqual(key);
    // Two processes on the same data directory seal and open each other's numbers and hash alike.
    const sealed = await localIdVault(dir).seal(id, 'H1');
    expect(await localIdVault(dir).open(sealed.sealed, 'H1')).toBe(id);
    expect(localIdVault(dir).hash(id)).toBe(sealed.hash);
  });
});

describe('D16 KMS data keys', () => {
  it('asks for AES-256 data keys and unwraps them under the ID numbers’ encryption context', async () => {
    const kms = mockClient(KMSClient);
    const plaintext = randomBytes(32);
    const wrapped = randomBytes(184);
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: plaintext, CiphertextBlob: wrapped });
    kms.on(DecryptCommand).resolves({ Plaintext: plaintext });
    const keys = kmsDataKeys(new KMSClient({ region: 'cn-northwest-1' }), 'alias/fanpin-test-id-numbers');
    const vault = createEnvelopeVault({ hashSecret: 'a-secret-of-16+chars', keys });

    const sealed = await vault.seal(id, 'H1');
    expect(await createEnvelopeVault({ keys }).open(sealed.sealed, 'H1')).toBe(id);

    const context = { purpose: 'fanpin:headIdNumber' };
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: 'alias/fanpin-test-id-numbers', KeySpec: 'AES_256', EncryptionContext: context },
    ]);
    expect(kms.commandCalls(DecryptCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: 'alias/fanpin-test-id-numbers', CiphertextBlob: wrapped, EncryptionContext: context },
    ]);
    // A local key cannot open what KMS sealed.
    await expect(
      createEnvelopeVault({ keys: localDataKeys(randomBytes(32)) }).open(sealed.sealed, 'H1'),
    ).rejects.toThrow(/sealed with a kms key/);
    kms.restore();
  });
});
