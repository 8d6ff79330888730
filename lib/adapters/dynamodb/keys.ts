// Item keys and index attributes of the one table (docs/data-model.md). Nothing outside
// lib/adapters/dynamodb knows these formats.
import { summarizeMeasures } from '../../domain/measures';
import type {
  AuditEvent,
  Case,
  CaseAcknowledgement,
  CaseLevel,
  Household,
  HouseholdMeasure,
  Instant,
  Measure,
  Visit,
} from '../../domain/model';
import type { AlertRecord } from '../../ports/alert-store';
import type {
  CompactAssessment,
  MonthlyAssessment,
  VillageMonthAssessments,
} from '../../ports/assessment-store';
import { countyOf, townshipOf } from '../../ports/unit-code';

export type Key = { pk: string; sk: string };
export type Item = Record<string, unknown>;

/** Instants in sort keys are UTC ISO so they order as strings. */
export const utc = (instant: Instant): string => new Date(Date.parse(instant)).toISOString();

export const householdKey = (id: string): Key => ({ pk: `HH#${id}`, sk: '#HH' });
export const caseKey = (id: string): Key => ({ pk: `CASE#${id}`, sk: '#CASE' });
/** A household's measure: in the household's partition, one item each (issue 17 item 7). */
export const measureKey = (householdId: string, measureId: string): Key => ({
  pk: `HH#${householdId}`,
  sk: `ME#${measureId}`,
});
/** A case's acknowledgement, in the case's partition, by ordinal (so newest first is a reverse query). */
export const acknowledgementKey = (caseId: string, ordinal: number): Key => ({
  pk: `CASE#${caseId}`,
  sk: `ACK#${String(ordinal).padStart(9, '0')}`,
});
export const dedupKey = (key: string): Key => ({ pk: `DEDUP#${key}`, sk: '#DEDUP' });
export const monthlyAssessmentKey = (householdId: string, month: string): Key => ({
  pk: `HH#${householdId}`,
  sk: `MA#${month}`,
});
export const counterKey = (unitCode: string): Key => ({ pk: `CNT#${countyOf(unitCode)}`, sk: unitCode });
/** A township's roll-up: the sum of the counter items under it (its villages and its own), kept in the same
 *  transaction as every write of them; a county's townships are one small partition. */
export const rollupKey = (townshipCode: string): Key => ({
  pk: `CNTT#${countyOf(townshipCode)}`,
  sk: townshipCode,
});
/** Present once a county's roll-ups are complete (a new county, or after `rebuildRollups`). */
export const rollupsReadyKey = (countyCode: string): Key => ({ pk: `CNTT#${countyCode}`, sk: '#READY' });
/** A village's monthly assessments of one month (one item for every household of the village). */
export const villageMonthKey = (villageCode: string, month: string): Key => ({
  pk: `VMA#${villageCode}`,
  sk: `M#${month}`,
});
/** The registry of counties that have counters (sk = county code): where the sweep finds its villages. */
export const countyRegistryKey = (countyCode: string): Key => ({ pk: 'CNTIDX', sk: countyCode });
export const sweepRunKey = (sweepId: string): Key => ({ pk: `SWEEP#${sweepId}`, sk: '#RUN' });
/** The run's settled-shard count (done, failed), moved in the same transaction as each shard. */
export const sweepSettledKey = (sweepId: string): Key => ({ pk: `SWEEP#${sweepId}`, sk: '#SETTLED' });
export const shardKey = (sweepId: string, villageCode: string): Key => ({
  pk: `SWEEP#${sweepId}`,
  sk: `SHARD#${villageCode}`,
});
export const reportKey = (unitCode: string, month: string): Key => ({
  pk: `RPT#${unitCode}`,
  sk: `M#${month}`,
});
export const submissionKey = (townshipCode: string, month: string): Key => ({
  pk: `RPT#${townshipCode}`,
  sk: `SUB#${month}`,
});
export const alertKey = (department: string, alertId: string): Key => ({
  pk: `ALERT#${department}#${alertId}`,
  sk: '#ALERT',
});
export const digestKey = (unitCode: string, date: string): Key => ({ pk: `DIGEST#${unitCode}`, sk: date });
/** A registered division in its county's partition, its level first in the sort key (C# county, T#
 *  township, V# village), so a county's townships and a township's villages are each one range. */
export const divisionKey = (code: string): Key => ({
  pk: `DIV#${countyOf(code)}`,
  sk: `${code.length === 6 ? 'C' : code.length === 9 ? 'T' : 'V'}#${code}`,
});

/** The sort-key prefix of a county's townships (`T#<county>`) or a township's villages (`V#<township>`). */
export const divisionChildrenPrefix = (code: string): string => `${code.length === 6 ? 'T' : 'V'}#${code}`;

export const villagePartition = (villageCode: string) => `V#${villageCode}`;
export const householdCasesPartition = (householdId: string) => `CH#${householdId}`;
export const idHashPartition = (hash: string) => `IDH#${hash}`;
export const unmatchedAlertsPartition = 'ALERT#UNMATCHED';
export const casesPartition = (countyCode: string, status: 'open' | 'resolved') =>
  `CU#${countyCode}#${status}`;
export const resolvedPartition = (countyCode: string, level: CaseLevel) => `CR#${countyCode}#${level}`;
export const householdAttributePartition = (
  attr: 'status' | 'category' | 'grade' | 'visitClass',
  county: string,
  value: string,
) => `H${attr}#${county}#${value}`;
export const unitAuditPartition = (unitCode: string) => `UNIT#${unitCode}`;
export const duePartition = (unitCode: string) => `HD#${unitCode}`;

/** Where an audit event lives: with its household, else with its case, else with its unit, else by day. */
export function auditPartition(e: Pick<AuditEvent, 'householdId' | 'caseId' | 'unitCode' | 'at'>): string {
  if (e.householdId) return `HH#${e.householdId}`;
  if (e.caseId) return `CASE#${e.caseId}`;
  if (e.unitCode) return unitAuditPartition(e.unitCode);
  return `AUDIT#${utc(e.at).slice(0, 10)}`;
}

// Non-finite numbers (an expenditure burden of ∞) can't be DynamoDB numbers: stored as a marker.
const nonFinite = '$nonFinite';

export function encodeValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [nonFinite]: String(value) };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v)]));
  }
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === nonFinite) return Number(entries[0][1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeValue(v)]));
  }
  return value;
}

const technical = (name: string) =>
  name === 'pk' || name === 'sk' || name.startsWith('_') || /^gsi\d+(pk|sk)$/.test(name);

/** The record stored in an item, without keys and technical attributes. */
export function recordOf<T>(item: Item): T {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!technical(k)) out[k] = decodeValue(v);
  return out as T;
}

/**
 * A household as stored. An item written before measures were records of their own holds them in a
 * `measures` list: read as `legacyMeasures`, with the summary derived from it (read-compat; the next
 * change of the household's measures moves them to records, app/household-measures.ts).
 */
export function householdOf(item: Item): Household {
  const { measures, ...record } = recordOf<Household & { measures?: Measure[] }>(item);
  const legacy = Array.isArray(measures) ? measures : [];
  return {
    ...record,
    ...(legacy.length > 0 ? { legacyMeasures: legacy } : {}),
    measureSummary: record.measureSummary ?? summarizeMeasures(legacy),
  };
}

export function measureItem(m: HouseholdMeasure): Item {
  return { ...(encodeValue(m) as Item), ...measureKey(m.householdId, m.measureId), _type: 'measure' };
}

export function acknowledgementItem(a: CaseAcknowledgement): Item {
  return {
    ...(encodeValue(a) as Item),
    ...acknowledgementKey(a.caseId, a.ordinal),
    _type: 'acknowledgement',
  };
}

/**
 * A household item. D16: the record carries the masked number, its keyed hash and its ciphertext, made by
 * the use case (IdNumberVault): the store holds no key and no hash secret. The ID-hash index is keyed by
 * `headIdHash`; a record written before D16 and not yet migrated has none, and no index entry.
 */
export function householdItem(h: Household, version: number): Item {
  const county = countyOf(h.villageCode);
  const villageSort = `${h.villageCode}#${h.householdId}`;
  const grade = h.assessment?.grade ?? null;
  // A household read from an item written before keeps the list it held (under its old name) until its
  // measures next change.
  const { legacyMeasures, ...record } = h;
  const item: Item = {
    ...(encodeValue(record) as Item),
    ...(legacyMeasures?.length ? { measures: encodeValue(legacyMeasures) } : {}),
    version,
    ...householdKey(h.householdId),
    _type: 'household',
    _grade: grade,
    gsi1pk: villagePartition(h.villageCode),
    gsi1sk: h.householdId,
    gsi4pk: householdAttributePartition('status', county, h.status),
    gsi4sk: villageSort,
    gsi5pk: householdAttributePartition('category', county, h.category),
    gsi5sk: villageSort,
  };
  if (h.headIdHash) {
    item.gsi3pk = idHashPartition(h.headIdHash);
    item.gsi3sk = h.householdId;
  }
  if (grade) {
    item.gsi6pk = householdAttributePartition('grade', county, grade);
    item.gsi6sk = villageSort;
  }
  if (h.visitClass) {
    item.gsi7pk = householdAttributePartition('visitClass', county, h.visitClass);
    item.gsi7sk = villageSort;
  }
  if (h.nextVisitDue) {
    const dueSort = `${h.nextVisitDue}#${h.householdId}`;
    // Due lists by township and by county (ADR 0010): a village filters its township's rows.
    Object.assign(item, {
      gsi9pk: duePartition(townshipOf(h.villageCode)),
      gsi9sk: dueSort,
      gsi10pk: duePartition(county),
      gsi10sk: dueSort,
    });
  }
  return item;
}

/** The unit a case comes from: its village, or its township for township kinds. */
export const caseOrigin = (c: Case): string => c.villageCode ?? c.townshipCode;

export function caseItem(c: Case, version: number): Item {
  const item: Item = {
    ...(encodeValue(c) as Item),
    version,
    ...caseKey(c.caseId),
    _type: 'case',
    gsi2pk: casesPartition(c.countyCode, c.status),
    gsi2sk: `${c.level}#${caseOrigin(c)}#${utc(c.openedAt)}#${c.caseId}`,
  };
  if (c.householdId) {
    item.gsi1pk = householdCasesPartition(c.householdId);
    item.gsi1sk = `${c.status}#${utc(c.openedAt)}#${c.caseId}`;
  }
  if (c.status === 'resolved' && c.resolvedAt) {
    item.gsi11pk = resolvedPartition(c.countyCode, c.level);
    item.gsi11sk = `${utc(c.resolvedAt)}#${c.caseId}`;
  }
  return item;
}

const maxAuditItemBytes = 200_000;

/**
 * Audit events are stored packed: one item holds the events of one commit that share a partition and an
 * instant (a re-assessment's `assessed`, `grade_changed` and `visit_class_changed` are one item), ordered
 * as given. The sort key carries the instant and the first event's id. Fewer items per change is most of
 * what a sweep saves (ADR 0008).
 */
export function auditItems(events: readonly AuditEvent[]): Item[] {
  const groups = new Map<string, AuditEvent[][]>();
  const bytes = new Map<string, number>();
  for (const e of events) {
    const group = `${auditPartition(e)}\u0000${utc(e.at)}`;
    const size = JSON.stringify(e).length;
    const parts = groups.get(group) ?? [[]];
    // Well under the 400 KB item limit: a large change spills into a further item of the same instant.
    if ((bytes.get(group) ?? 0) + size > maxAuditItemBytes && (parts.at(-1)?.length ?? 0) > 0) {
      parts.push([]);
      bytes.set(group, 0);
    }
    parts.at(-1)?.push(e);
    bytes.set(group, (bytes.get(group) ?? 0) + size);
    groups.set(group, parts);
  }
  return [...groups.values()].flat().map((group) => {
    const first = group[0] as AuditEvent;
    return {
      pk: auditPartition(first),
      sk: `EV#${utc(first.at)}#${first.eventId}`,
      _type: 'audit',
      events: group.map((e) => encodeValue(e)),
    };
  });
}

/** The events of an audit item, in the order they were written (an item written before packing holds one). */
export function eventsOf(item: Item): AuditEvent[] {
  if (Array.isArray(item.events)) return item.events.map((e) => decodeValue(e) as AuditEvent);
  return [recordOf<AuditEvent>(item)];
}

export function visitItem(v: Visit): Item {
  return {
    ...(encodeValue(v) as Item),
    pk: `HH#${v.householdId}`,
    sk: `VI#${v.date}#${v.visitId}`,
    _type: 'visit',
  };
}

export function assessmentItem(a: MonthlyAssessment): Item {
  return {
    ...(encodeValue(a) as Item),
    ...monthlyAssessmentKey(a.householdId, a.month),
    _type: 'assessment',
  };
}

export function alertItem(a: AlertRecord): Item {
  const item: Item = { ...(encodeValue(a) as Item), ...alertKey(a.department, a.alertId), _type: 'alert' };
  if (!a.matchedHouseholdId) {
    item.gsi1pk = unmatchedAlertsPartition;
    item.gsi1sk = `${utc(a.receivedAt)}#${a.department}#${a.alertId}`;
  }
  return item;
}

/** A line of a village month as stored: [above, grade, rules, watch, eligible], booleans as 1/0. */
type StoredLine = [0 | 1, CompactAssessment['grade'], CompactAssessment['rules'], 0 | 1, 0 | 1 | null];

const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);

/**
 * A village's month of assessments as ONE item whose lines are one string attribute (`lines`: JSON of
 * `{householdId: [above, grade, rules, watch, eligible]}`): ~35 bytes a household instead of ~60 as a
 * map of maps, so fewer write and read units, more headroom under the 400 KB item limit, and one value
 * to parse instead of five attributes per household. Items written before (`households` map) still read.
 */
export function villageMonthItem(record: VillageMonthAssessments): Item {
  const { households, ...rest } = record;
  const lines: Record<string, StoredLine> = {};
  for (const [id, a] of Object.entries(households)) {
    lines[id] = [bit(a.above), a.grade, a.rules, bit(a.watch), a.eligible === null ? null : bit(a.eligible)];
  }
  return {
    ...rest,
    lines: JSON.stringify(lines),
    ...villageMonthKey(record.villageCode, record.month),
    _type: 'villageMonth',
  };
}

export function villageMonthOf(item: Item): VillageMonthAssessments {
  const { lines, ...rest } = recordOf<
    Omit<VillageMonthAssessments, 'households'> & {
      lines?: string;
      households?: VillageMonthAssessments['households'];
    }
  >(item);
  if (lines === undefined) return rest as VillageMonthAssessments;
  const households: Record<string, CompactAssessment> = {};
  for (const [id, [above, grade, rules, watch, eligible]] of Object.entries(
    JSON.parse(lines) as Record<string, StoredLine>,
  )) {
    households[id] = {
      above: above === 1,
      grade,
      rules,
      watch: watch === 1,
      eligible: eligible === null ? null : eligible === 1,
    };
  }
  return { ...rest, households };
}
