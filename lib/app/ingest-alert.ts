// §10 department alerts: match an alert to a household and raise a lead, keep it once, never drop it.
//
// - Seen (department, alertId) → 'duplicate', nothing written (checked first, and again atomically by the
//   commit: a racing copy of the same alert rejects the change).
// - Matched by householdId, else by the keyed hash of the head's ID number (store.households.findByIdHash).
// - Household with status none or eliminated → a lead (source 'alert', alertRef `department:alertId`), its
//   lead_unverified case (3 working days, §8), the alert record and the audit, in ONE commit
//   (applyHouseholdChange) → 'lead'.
// - Household already candidate, monitored or removed → no new lead (§6 "while candidate no new lead");
//   the alert is recorded as matched and an `alert_received` audit event puts it on the household's
//   history, in one commit → 'matched' with the reason. D11: for a candidate or monitored household the
//   same commit opens an `alert_followup` case at the village (3 working days), which a visit dated on or
//   after the alert resolves.
// - No household, or an ID number held by several households → kept in the unmatched list with the reason
//   → 'unmatched'. Posted through the API (D16), only households within the author's unit are matched:
//   one elsewhere is "not found", and the author is the audit event's actor and on the alert record.
import { type AlertInput, alertRef } from '../domain/alert-input';
import { openCase } from '../domain/cases/lifecycle';
import { countyOf, isWithin, townshipOf } from '../domain/division-code';
import { raiseLead } from '../domain/leads';
import type { Actor, AuditEvent, Household, Instant } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { maskIdNumber } from '../domain/resident-id';
import { localDateOf } from '../domain/time';
import type { AlertRecord } from '../ports/alert-store';
import { applyHouseholdChange, type HouseholdChangeDeps } from './apply-household-change';

export type IngestAlertOutcome = 'lead' | 'matched' | 'duplicate' | 'unmatched';

/** Why an alert raised no lead. */
export type AlertReason =
  | 'household_not_found'
  | 'id_number_not_found'
  | 'id_number_ambiguous'
  | 'already_candidate'
  | 'already_monitored'
  | 'household_removed';

export interface IngestAlertResult {
  outcome: IngestAlertOutcome;
  householdId?: string;
  /** For 'matched' and 'unmatched'. */
  reason?: AlertReason;
  /** The lead_unverified case opened with the lead ('lead'), or the alert_followup case (D11, 'matched'). */
  caseId?: string;
}

export type IngestAlertDeps = HouseholdChangeDeps;

type Match = { household: Household } | { household: null; reason: AlertReason };

/**
 * The household the alert is about: by id, else by the head's ID number. With `within` (D16, an alert
 * posted through the API), only households inside that unit are looked at, both by id and by ID number:
 * scope is checked on exactly the household that will be matched, and one outside it is "not found".
 */
async function matchHousehold(
  deps: IngestAlertDeps,
  alert: AlertInput,
  idHash: string | null,
  within?: string,
): Promise<Match> {
  const visible = (h: Household | null): h is Household =>
    h !== null && (within === undefined || isWithin(within, h.villageCode));
  if (alert.householdId !== null) {
    const household = await deps.store.households.get(alert.householdId);
    if (visible(household)) return { household };
    if (idHash === null) return { household: null, reason: 'household_not_found' };
  }
  const found = (await deps.store.households.findByIdHash(idHash!)).filter(visible);
  if (found.length === 0) {
    return {
      household: null,
      reason: alert.householdId !== null ? 'household_not_found' : 'id_number_not_found',
    };
  }
  if (found.length > 1) return { household: null, reason: 'id_number_ambiguous' };
  return { household: found[0]! };
}

const noLeadReason = (h: Household): AlertReason | null =>
  h.status === 'candidate'
    ? 'already_candidate'
    : h.status === 'monitored'
      ? 'already_monitored'
      : h.status === 'removed'
        ? 'household_removed'
        : null;

/** What the audit carries: the alert without PII (no ID number; the department's note stays on the record). */
const auditData = (alert: AlertInput, outcome: IngestAlertOutcome, reason?: AlertReason) => ({
  department: alert.department,
  alertId: alert.alertId,
  type: alert.type,
  amount: alert.amount,
  date: alert.date,
  outcome,
  ...(reason ? { reason } : {}),
});

/** §10: ingest one alert (CSV import, alerts queue, POST /v1/alerts). `at` is when it was received;
 *  `author` and `within` are the county administrator who posted it through the API and their unit (D16). */
export async function ingestAlert(
  deps: IngestAlertDeps,
  alert: AlertInput,
  options: { at: Instant; author?: Actor; within?: string },
): Promise<IngestAlertResult> {
  const { at, author } = options;
  if (await deps.store.alerts.get(alert.department, alert.alertId)) return { outcome: 'duplicate' };
  // §10, D16: matched by the keyed hash; the number itself goes no further than this line.
  const idHash = alert.headIdNumber === null ? null : deps.idNumbers.hash(alert.headIdNumber);

  const record = (matchedHouseholdId: string | null, unmatchedReason: string | null): AlertRecord => ({
    department: alert.department,
    alertId: alert.alertId,
    householdId: alert.householdId,
    // D16: the record keeps the masked number and the hash, never the number itself.
    headIdNumber: alert.headIdNumber === null ? null : maskIdNumber(alert.headIdNumber),
    headIdHash: idHash,
    type: alert.type,
    amount: alert.amount,
    date: alert.date,
    note: alert.note,
    receivedAt: at,
    matchedHouseholdId,
    unmatchedReason,
    ...(author ? { author } : {}),
  });

  const match = await matchHousehold(deps, alert, idHash, options.within);
  if (match.household === null) {
    const { duplicate } = await deps.store.alerts.record(record(null, match.reason));
    return duplicate ? { outcome: 'duplicate' } : { outcome: 'unmatched', reason: match.reason };
  }

  const household = match.household;
  const actor: Actor = author ?? { kind: 'system', name: `alert:${alert.department}` };
  const reason = noLeadReason(household);
  if (reason !== null) {
    const event: AuditEvent = {
      eventId: deps.newId(),
      householdId: household.householdId,
      type: 'alert_received',
      at,
      actor,
      data: auditData(alert, 'matched', reason),
    };
    const followup = followupCase(deps, household, alert, at);
    const change = {
      alerts: [record(household.householdId, null)],
      audit: [
        event,
        ...(followup
          ? [
              {
                eventId: deps.newId(),
                householdId: household.householdId,
                caseId: followup.caseId,
                type: 'case_opened',
                at,
                actor,
                data: { kind: followup.kind, level: followup.level },
              },
            ]
          : []),
      ],
      ...(followup ? { openCases: [followup] } : {}),
    };
    let outcome = await deps.store.commit(change);
    if (!outcome.committed && outcome.duplicateAlerts.length === 0 && followup) {
      // The household already has an open follow-up for this alert's key: record the alert alone.
      outcome = await deps.store.commit({ alerts: change.alerts, audit: [event] });
      return outcome.committed
        ? { outcome: 'matched', householdId: household.householdId, reason }
        : { outcome: 'duplicate' };
    }
    if (!outcome.committed) return { outcome: 'duplicate' };
    return {
      outcome: 'matched',
      householdId: household.householdId,
      reason,
      ...(followup ? { caseId: followup.caseId } : {}),
    };
  }

  const ref = alertRef(alert);
  const raised = raiseLead(household, {
    source: 'alert',
    at,
    alertRef: ref,
    leadId: `${household.householdId}#alert#${ref}`,
  });
  const result = await applyHouseholdChange(deps, {
    before: household,
    after: raised.household,
    at,
    actor,
    auditType: 'alert_received',
    auditData: { ...auditData(alert, 'lead'), lead: raised.lead },
    alerts: [record(household.householdId, null)],
  });
  if (result.duplicateAlerts?.length) return { outcome: 'duplicate' };
  return {
    outcome: 'lead',
    householdId: household.householdId,
    ...(result.openedCases[0] ? { caseId: result.openedCases[0].caseId } : {}),
  };
}

/** D11: the alert_followup case for an alert about a household already candidate or monitored; null otherwise. */
function followupCase(deps: IngestAlertDeps, household: Household, alert: AlertInput, at: Instant) {
  if (household.status !== 'candidate' && household.status !== 'monitored') return null;
  const county = countyOf(household.villageCode);
  const received = localDateOf(at, defaultPolicy.timezone);
  const policy = deps.policyFor(county, Number(received.slice(0, 4)));
  return openCase(
    {
      caseId: deps.newId(),
      kind: 'alert_followup',
      householdId: household.householdId,
      villageCode: household.villageCode,
      townshipCode: townshipOf(household.villageCode),
      countyCode: county,
      // Without a date on the alert, a visit from the day it was received on resolves it.
      subject: { alertRef: alertRef(alert), alertDate: alert.date ?? received, department: alert.department },
      at,
    },
    policy,
    deps.calendar,
  );
}
