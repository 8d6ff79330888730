// The IdNumberVault a Lambda handler uses (D16): KMS and ID_HASH_SECRET on AWS, the data directory's key
// file on the local stack. A function given neither gets a vault that refuses (IdNumberVaultUnavailable):
// only the functions that hash or encrypt hold the secret and the key grants (cdk/functions.ts).
import { KMSClient } from '@aws-sdk/client-kms';
import type { Config } from '../../config';
import type { IdNumberVault } from '../../ports/id-number-vault';
import { createEnvelopeVault } from './envelope-vault';
import { kmsDataKeys } from './kms-data-keys';
import { ensureLocalIdKey, localDataKeys, readLocalIdKey } from './local-data-keys';

export function idVaultFromConfig(config: Pick<Config, 'idNumbers'>): IdNumberVault {
  const { hashSecret, kmsKeyId, keyFile } = config.idNumbers;
  if (keyFile) {
    const local = readLocalIdKey(keyFile);
    return createEnvelopeVault({
      hashSecret: hashSecret ?? local.hashSecret,
      keys: localDataKeys(local.key),
    });
  }
  return createEnvelopeVault({
    ...(hashSecret ? { hashSecret } : {}),
    ...(kmsKeyId ? { keys: kmsDataKeys(new KMSClient({}), kmsKeyId) } : {}),
  });
}

/** Built on first use: a command that never meets an ID number reads no key file and makes no client. */
export function lazyIdVault(make: () => IdNumberVault): IdNumberVault {
  let vault: IdNumberVault | undefined;
  const get = () => {
    vault ??= make();
    return vault;
  };
  return {
    hash: (idNumber) => get().hash(idNumber),
    seal: (idNumber, householdId) => get().seal(idNumber, householdId),
    open: (sealed, householdId) => get().open(sealed, householdId),
  };
}

/** The local stack's vault: DATA_DIR/id-key.json (created 0600 when missing). */
export function localIdVault(dataDir: string): IdNumberVault {
  return lazyIdVault(() => idVaultFromConfig({ idNumbers: { keyFile: ensureLocalIdKey(dataDir) } }));
}
