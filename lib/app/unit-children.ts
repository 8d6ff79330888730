// GET /v1/units/{code}/children: a township's villages or a county's townships side by side, each with its
// name and the counts of its summary, built from ONE query of the counter records the sweeps and changes
// maintain under the unit (not one per child), the registered child divisions (one query) and, for a
// county's townships, their report submissions of the last closed month (one batch read). Children are the
// registered child divisions and the units with counters (a child with households but not registered is
// listed without a name; a registered one without households with zeros). A village has no children.
import { reportDueDate } from '../domain/cases/detection';
import type { LocalDate } from '../domain/model';
import type { Policy } from '../domain/policy';
import { addMonthsToMonth } from '../domain/time';
import type { WorkingDayCalendar } from '../domain/working-days';
import { summarize, type UnitSummary } from '../ports/counter-store';
import type { ReportSubmission } from '../ports/report-store';
import type { Store } from '../ports/store';

export type ChildSort = 'code' | 'overdue' | 'openCases' | 'red';

/** D13: where a township's report of the last closed month stands. */
export interface ChildReportStatus {
  month: string;
  /** `submitted`; `due` (not submitted, due date not passed); `overdue`. */
  status: 'submitted' | 'due' | 'overdue';
  dueDate: LocalDate;
  submission: ReportSubmission | null;
}

export interface ChildUnit {
  summary: UnitSummary;
  name: string | null;
  /** Townships only (villages file no report): null for a village. */
  report: ChildReportStatus | null;
}

const overdue = (s: UnitSummary) => Object.values(s.overdueByClass).reduce((a, b) => a + b, 0);
const openCases = (s: UnitSummary) => Object.values(s.openCasesByLevel).reduce((a, b) => a + b, 0);
const sortKey: Record<Exclude<ChildSort, 'code'>, (s: UnitSummary) => number> = {
  overdue,
  openCases,
  red: (s) => s.byGrade.red,
};

export interface ChildrenContext {
  /** The unit's local date (the report month is the month before it). */
  today: LocalDate;
  policy: Policy;
  calendar: WorkingDayCalendar;
}

/** The child units; sorted by code, or by the named count (largest first, then code). */
export async function unitChildren(
  store: Pick<Store, 'counters' | 'divisions' | 'reports'>,
  unitCode: string,
  sort: ChildSort,
  ctx: ChildrenContext,
): Promise<ChildUnit[]> {
  if (unitCode.length === 12) return [];
  const month = addMonthsToMonth(ctx.today.slice(0, 7), -1);
  const county = unitCode.length === 6;
  // A county's townships' submissions are read alongside the counters, for the registered townships; an
  // unregistered township with counters is read after (rare).
  const [counted, [registered, submittedRegistered]] = await Promise.all([
    store.counters.childSummaries(unitCode),
    store.divisions.children(unitCode).then(async (ds) => {
      const submitted = county
        ? await store.reports.submissions(
            ds.map((d) => d.code),
            month,
          )
        : new Map();
      return [ds, submitted] as const;
    }),
  ]);
  const summaries = new Map(counted.map((s) => [s.unitCode, s]));
  for (const d of registered) if (!summaries.has(d.code)) summaries.set(d.code, summarize(d.code, []));
  const names = new Map(registered.map((d) => [d.code, d.name]));
  const codes = [...summaries.keys()].sort();

  let reports: Map<string, ChildReportStatus> = new Map();
  if (county && codes.length > 0) {
    const dueDate = reportDueDate(month, ctx.policy, ctx.calendar);
    const unregistered = codes.filter((c) => !names.has(c));
    const submitted = new Map([
      ...submittedRegistered,
      ...(unregistered.length ? await store.reports.submissions(unregistered, month) : new Map()),
    ]) as Map<string, ReportSubmission>;
    reports = new Map(
      codes.map((code) => {
        const submission = submitted.get(code) ?? null;
        const status = submission ? 'submitted' : ctx.today > dueDate ? 'overdue' : 'due';
        return [code, { month, status, dueDate, submission }];
      }),
    );
  }

  const children = codes.map((code) => ({
    summary: summaries.get(code) as UnitSummary,
    name: names.get(code) ?? null,
    report: reports.get(code) ?? null,
  }));
  if (sort === 'code') return children;
  const key = sortKey[sort];
  return children.sort(
    (a, b) => key(b.summary) - key(a.summary) || a.summary.unitCode.localeCompare(b.summary.unitCode),
  );
}
