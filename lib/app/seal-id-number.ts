// D16: the head's ID number a household written from an input keeps. Unchanged (same keyed hash) or not
// given: the stored sealed number, so re-importing a file changes nothing and asks no key. New or changed:
// sealed through the IdNumberVault. A record from before D16 (full number, no hash) is sealed on its
// next write, as `fanpin migrate encrypt-ids` does for all of them.
import { DomainError } from '../domain/errors';
import type { Household, SealedIdNumber } from '../domain/model';
import type { IdNumberVault } from '../ports/id-number-vault';

export const storedHeadId = (h: Household): SealedIdNumber | null =>
  h.headIdHash && h.headIdSealed
    ? { masked: h.headIdNumber, hash: h.headIdHash, sealed: h.headIdSealed }
    : null;

export async function headIdOf(
  vault: IdNumberVault,
  input: { householdId: string; headIdNumber: string | null },
  existing: Household | null,
): Promise<SealedIdNumber> {
  const stored = existing ? storedHeadId(existing) : null;
  if (stored && (input.headIdNumber === null || vault.hash(input.headIdNumber) === stored.hash))
    return stored;
  // Not given: the stored record is from before D16 and holds the full number itself.
  const number = input.headIdNumber ?? (stored ? null : (existing?.headIdNumber ?? null));
  if (number === null) {
    throw new DomainError('validation_failed', 'the household has no head ID number', [
      { field: 'body.headIdNumber', message: 'is required' },
    ]);
  }
  return vault.seal(number, input.householdId);
}
