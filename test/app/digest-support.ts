// Shared by the digest tests: cases at the county or township level (advanced through the real domain),
// a mailer that records what it was asked to send, and a helper that stores cases and households.
import { advanceCase, resolveCase } from '../../lib/domain/cases';
import type { Case, Household, Instant } from '../../lib/domain/model';
import type { Mailer, MailMessage, SendResult } from '../../lib/ports/mailer';
import type { Store } from '../../lib/ports/store';
import { aCase, aCaseHousehold, officialCalendar } from '../builders/case';

/** A case advanced deadline by deadline until it reaches `level` (escalated by the sweeps at those deadlines). */
export function aCaseAt(level: Case['level'], overrides: Parameters<typeof aCase>[0] = {}): Case {
  let c = aCase(overrides);
  while (c.level !== level) {
    if (c.deadline === null) throw new Error(`${c.caseId} cannot reach ${level}`);
    c = advanceCase(c, c.deadline, officialCalendar).case;
  }
  return c;
}

export const resolvedAt = (c: Case, at: Instant): Case =>
  resolveCase(c, { at, reason: 'visit recorded', by: null, manual: false });

/** Stores households and open cases as they are (version 1 in the store). */
export async function given(store: Store, households: Household[], cases: Case[]): Promise<void> {
  await store.commit({
    households: households.map((household) => ({ household, expectedVersion: null })),
    openCases: cases,
  });
}

/** Resolves a stored open case. */
export async function resolveStored(store: Store, c: Case, at: Instant): Promise<void> {
  const stored = await store.cases.get(c.caseId);
  if (!stored) throw new Error(`no case ${c.caseId}`);
  await store.commit({
    updateCases: [{ case: resolvedAt(stored, at), expected: { version: stored.version, status: 'open' } }],
  });
}

export interface RecordingMailer extends Mailer {
  sent: MailMessage[];
  failNext?: Error;
}

export function recordingMailer(): RecordingMailer {
  const keys = new Set<string>();
  const mailer: RecordingMailer = {
    sent: [],
    async send(message): Promise<SendResult> {
      if (mailer.failNext) {
        const error = mailer.failNext;
        mailer.failNext = undefined;
        throw error;
      }
      if (keys.has(message.idempotencyKey)) return { delivered: false, duplicate: true };
      keys.add(message.idempotencyKey);
      mailer.sent.push(message);
      return { delivered: true, duplicate: false };
    },
  };
  return mailer;
}

export { aCase, aCaseHousehold, officialCalendar };
