// D16: the head's ID number at rest. The domain and the use cases hold the number only between reading an
// input and sealing it; a household keeps the masked form (display, §12), the keyed hash (matching, §10)
// and the ciphertext. Key handling (KMS on AWS, a key file in the data directory locally) lives behind
// this port (docs/decisions/0018-id-number-encryption.md).
import type { SealedIdNumber } from '../domain/model';

export interface IdNumberVault {
  /** §10: the keyed hash (HMAC-SHA256 of the trimmed, upper-cased number): equal numbers, equal hashes. */
  hash(idNumber: string): string;
  /** D16: encrypts the number for `householdId` (bound to it: a ciphertext opens only for that household). */
  seal(idNumber: string, householdId: string): Promise<SealedIdNumber>;
  /**
   * D16: the full number of a sealed one. Only for what really needs it: a county administrator's explicit,
   * audited request (no route asks for it yet) and an operator's check after the migration.
   */
  open(sealed: string, householdId: string): Promise<string>;
}

/** What a function without the hash secret or the key gets when it tries (a configuration error). */
export class IdNumberVaultUnavailable extends Error {
  constructor(what: string) {
    super(`this function holds no ${what}: it may not hash or encrypt ID numbers (D16)`);
    this.name = 'IdNumberVaultUnavailable';
  }
}
