// The IdNumberVault's in-memory twin: the real envelope vault with a master key that lives only in this
// process (tests, the benches' discarding store). The default hash secret is a test value, never a deployment's.
import { randomBytes } from 'node:crypto';
import type { IdNumberVault } from '../../ports/id-number-vault';
import { createEnvelopeVault } from '../crypto/envelope-vault';
import { localDataKeys } from '../crypto/local-data-keys';

/** A test value, never a deployment's. */
export const memoryIdHashSecret = 'memory-id-hash-secret';

export function createMemoryIdVault(hashSecret = memoryIdHashSecret): IdNumberVault {
  return createEnvelopeVault({ hashSecret, keys: localDataKeys(randomBytes(32)) });
}
