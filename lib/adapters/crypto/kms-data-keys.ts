// The master key of the ID numbers on AWS (D16): a KMS key (cdk/stateful-stack.ts, rotated yearly).
// GenerateDataKey makes a data key, Decrypt unwraps one; the encryption context names the purpose, so
// a data key of the ID numbers opens for nothing else (and CloudTrail records what each call was for).
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { DataKeySource } from './envelope-vault';

export const idNumberEncryptionContext = { purpose: 'fanpin:headIdNumber' } as const;

export function kmsDataKeys(kms: KMSClient, keyId: string): DataKeySource {
  return {
    kind: 'kms',
    async generate() {
      const out = await kms.send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: idNumberEncryptionContext,
        }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
      return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
    },
    async unwrap(wrapped) {
      const out = await kms.send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: wrapped,
          EncryptionContext: idNumberEncryptionContext,
        }),
      );
      if (!out.Plaintext) throw new Error('KMS Decrypt returned no key');
      return Buffer.from(out.Plaintext);
    },
  };
}
