// §9 one digest per unit per day (idempotent delivery).
import type { Instant, LocalDate } from '../domain/model';

/** How long a claim holds before another caller may take it over (a crashed delivery). */
export const digestClaimLeaseMs = 15 * 60 * 1000;

export type DigestUnitKind = 'county' | 'township';

export interface DigestRecord {
  unitCode: string;
  kind: DigestUnitKind;
  date: LocalDate;
  asOf: Instant;
  /** claimed: being built and delivered; sent; skipped (nothing to say); released: a failed attempt gave it back. */
  status: 'claimed' | 'sent' | 'skipped' | 'released';
  claimedAt: Instant;
  completedAt: Instant | null;
  counts?: Record<string, number>;
}

export interface DigestLog {
  /** True for the one caller that may build and deliver the digest of (unit, date); false if another
   *  claimed, sent or skipped it. A released claim can be claimed again, and so can a claim older than
   *  `digestClaimLeaseMs` at `at` (its holder crashed). */
  claim(
    unitCode: string,
    kind: DigestUnitKind,
    date: LocalDate,
    asOf: Instant,
    at: Instant,
  ): Promise<boolean>;
  complete(
    unitCode: string,
    date: LocalDate,
    outcome: { status: 'sent' | 'skipped'; at: Instant; counts?: Record<string, number> },
  ): Promise<void>;
  /** Gives a claim back after a failed delivery so a retry can claim it. */
  release(unitCode: string, date: LocalDate): Promise<void>;
  get(unitCode: string, date: LocalDate): Promise<DigestRecord | null>;
  /** The latest sent digest before `date` ("since the last digest"). */
  lastSent(unitCode: string, before: LocalDate): Promise<DigestRecord | null>;
}
