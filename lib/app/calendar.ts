// D14, the working-day calendar as operator data: every function reads the same years (the bundled notices,
// the official years loaded with `fanpin calendar import`, provisional years computed from the law) once per
// invocation, and a load recomputes the deadlines of the open cases it moves (§8: from the time each case
// reached its level), audited.
import {
  type CalendarNoticeFile,
  calendarYearOf,
  parseCalendarNoticeFile,
} from '../domain/calendar/notice-file';
import { rescheduleCase } from '../domain/cases/lifecycle';
import type { Actor, AuditEvent, Case, Instant, LocalDate } from '../domain/model';
import { defaultPolicy } from '../domain/policy';
import { addDays, localDateOf } from '../domain/time';
import {
  type CalendarWarning,
  type CalendarYearStatus,
  WorkingDayCalendar,
  type WorkingDayCalendarOptions,
} from '../domain/working-days';
import type { CalendarStore, LoadedCalendarYear } from '../ports/calendar-store';
import type { Store } from '../ports/store';
import { countyOf } from '../ports/unit-code';
import { type PolicySource, refreshPolicies } from './policies';

const yearOf = (at: Instant, timeZone: string) => Number(localDateOf(at, timeZone).slice(0, 4));

/**
 * The calendar in force at an instant: one read of the loaded years per call; the same calendar object comes
 * back while nothing changed, so its answers stay cached (lib/domain/escalation.ts keys its cache on it).
 */
export class CalendarSource {
  private cached: { key: string; calendar: WorkingDayCalendar } | undefined;

  constructor(
    private readonly store: Pick<CalendarStore, 'loadedYears'>,
    private readonly options: WorkingDayCalendarOptions = {},
  ) {}

  async load(at: Instant, timeZone = defaultPolicy.timezone): Promise<WorkingDayCalendar> {
    return this.build(await this.store.loadedYears(), yearOf(at, timeZone) + 1);
  }

  /** D14: the current and the next year are always at least provisional. */
  build(loaded: readonly LoadedCalendarYear[], throughYear: number): WorkingDayCalendar {
    const key = `${throughYear}|${loaded.map((y) => `${y.year}:${y.version}`).join(',')}`;
    if (this.cached?.key === key) return this.cached.calendar;
    const calendar = WorkingDayCalendar.forDeployment(loaded, throughYear, this.options);
    this.cached = { key, calendar };
    return calendar;
  }
}

/** Deps whose `calendar` is refreshed at the start of each invocation (a Lambda serves one at a time). */
export interface RefreshableCalendarDeps {
  calendar: WorkingDayCalendar;
  calendars?: CalendarSource;
  /** D15: the policies operators load, refreshed with the calendar (lib/app/policies.ts). */
  policySource?: PolicySource;
}

/**
 * Production deps' calendar fields: `calendar` starts as the bundled and provisional years (no read at cold
 * start) and `refreshCalendar` replaces it at each invocation with what the table holds.
 */
export function deploymentCalendar(
  store: Pick<Store, 'calendar'>,
  options: WorkingDayCalendarOptions = {},
): Required<Pick<RefreshableCalendarDeps, 'calendar' | 'calendars'>> {
  const calendars = new CalendarSource(store.calendar, options);
  // Built through the source, so the first refresh of a table with no loaded year reuses it.
  return { calendar: calendars.build([], new Date().getUTCFullYear() + 1), calendars };
}

/**
 * Sets `deps.calendar` to the calendar in force at `at` when the deps carry a source, and reloads the
 * policies when they carry theirs (D14, D15: what operators load without a redeploy, read once per
 * invocation, the two reads at once); returns the calendar.
 */
export async function refreshCalendar(
  deps: RefreshableCalendarDeps,
  at: Instant,
): Promise<WorkingDayCalendar> {
  const [calendar] = await Promise.all([deps.calendars?.load(at), refreshPolicies(deps)]);
  if (calendar) deps.calendar = calendar;
  return deps.calendar;
}

/** D14: one warning per year that is not official among the next 60 days from `at`. */
export function calendarWarnings(
  calendar: WorkingDayCalendar,
  at: Instant,
  timeZone = defaultPolicy.timezone,
): CalendarWarning[] {
  return calendar.notOfficialAhead(localDateOf(at, timeZone));
}

export interface CalendarYearView {
  year: number;
  status: CalendarYearStatus;
  source: string;
  holidays: LocalDate[];
  workdays: LocalDate[];
  /** The holiday blocks as the notice (or the law) names them. */
  blocks: { name: string; from: LocalDate; to: LocalDate }[];
  /** For a loaded year: its version, who loaded it and when, the notice's date. */
  loaded?: { version: number; by: string; at: Instant; noticePublished: LocalDate };
  /** D14: the years of the next 60 days from `at` that are not official (whatever year is shown). */
  warnings: CalendarWarning[];
}

/** interface.md `fanpin calendar show YEAR`: the year as every function sees it now. */
export async function showCalendarYear(
  store: Pick<Store, 'calendar'>,
  year: number,
  at: Instant,
): Promise<CalendarYearView> {
  const loaded = await store.calendar.loadedYears();
  const calendar = WorkingDayCalendar.forDeployment(loaded, yearOf(at, defaultPolicy.timezone) + 1);
  const data = calendar.year(year);
  const mine = loaded.find((y) => y.year === year);
  const holidays: LocalDate[] = [];
  for (const block of data?.holidays ?? []) {
    for (let d = block.from; d <= block.to; d = addDays(d, 1)) if (d.startsWith(`${year}-`)) holidays.push(d);
  }
  return {
    year,
    status: calendar.status(year),
    source:
      data?.source ??
      'Monday–Friday (no notice and no provisional year: load the notice with `fanpin calendar import`)',
    holidays: [...new Set(holidays)].sort(),
    workdays: (data?.workdays ?? []).filter((d) => d.startsWith(`${year}-`)).sort(),
    blocks: (data?.holidays ?? []).map((b) => ({ ...b })),
    ...(mine
      ? {
          loaded: {
            version: mine.version,
            by: mine.loadedBy,
            at: mine.loadedAt,
            noticePublished: mine.notice.published,
          },
        }
      : {}),
    warnings: calendarWarnings(calendar, at),
  };
}

export interface CalendarImportResult {
  year: number;
  status: 'official';
  version: number;
  source: string;
  /** Open cases read, and those whose deadline or planned escalations moved. */
  openCases: number;
  rescheduled: number;
  /** The moved cases (no personal data: ids, kind, unit and the two deadlines). */
  changes: {
    caseId: string;
    kind: string;
    unitCode: string;
    level: string;
    from: Instant | null;
    to: Instant | null;
  }[];
  /** Cases another change wrote meanwhile: recounted by the next daily sweep's load, or a second import. */
  conflicts: number;
  /** D14: the years of the next 60 days from the load that are still not official. */
  warnings: CalendarWarning[];
}

export interface CalendarImportInput {
  file: unknown;
  /** Who loads it (recorded with the version and on each rescheduled case's audit event). */
  loadedBy: string;
  at: Instant;
  onProgress?: (done: number, total: number) => void;
}

/**
 * D14 `fanpin calendar import`: checks the file whole (nothing is stored when anything is wrong), stores the
 * year as a new version, then recomputes every open case's deadline with the new calendar and writes those
 * that moved, each with an audit event.
 */
export async function importCalendarYear(
  deps: { store: Store },
  input: CalendarImportInput,
): Promise<CalendarImportResult> {
  const file: CalendarNoticeFile = parseCalendarNoticeFile(input.file);
  const { store } = deps;
  const before = await store.calendar.loadedYears();
  const current = before.find((y) => y.year === file.year);
  const saved = await store.calendar.save(
    {
      ...calendarYearOf(file),
      notice: file.notice,
      loadedBy: input.loadedBy,
      loadedAt: input.at,
    },
    current?.version ?? 0,
  );
  const after = [...before.filter((y) => y.year !== file.year), saved].sort((a, b) => a.year - b.year);
  const through = Math.max(yearOf(input.at, defaultPolicy.timezone) + 1, file.year);
  const calendar = WorkingDayCalendar.forDeployment(after, through);
  const actor: Actor = { kind: 'system', name: 'calendar-import' };
  const result = await rescheduleOpenCases(store, calendar, {
    at: input.at,
    actor,
    data: { calendarYear: file.year, version: saved.version, source: saved.source, loadedBy: input.loadedBy },
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  return {
    year: file.year,
    status: 'official',
    version: saved.version,
    source: saved.source,
    ...result,
    warnings: calendarWarnings(calendar, input.at),
  };
}

/** Every open case of every county, rescheduled with `calendar`; the moved ones written with an audit event. */
export async function rescheduleOpenCases(
  store: Store,
  calendar: WorkingDayCalendar,
  options: {
    at: Instant;
    actor: Actor;
    data: Record<string, unknown>;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<Pick<CalendarImportResult, 'openCases' | 'rescheduled' | 'changes' | 'conflicts'>> {
  const counties = [...new Set((await store.counters.listVillages()).map(countyOf))].sort();
  const open: Case[] = [];
  for (const county of counties) open.push(...(await store.cases.openCasesInUnit(county)));
  const moved = open
    .map((c) => ({ before: c, after: rescheduleCase(c, calendar) }))
    .filter((m) => m.after !== m.before);
  const outcomes = await store.commitMany(
    moved.map(({ before, after }) => ({
      updateCases: [{ case: after, expected: { version: before.version, status: 'open' as const } }],
      audit: [rescheduledEvent(before, after, options)],
    })),
  );
  options.onProgress?.(open.length, open.length);
  const changes: CalendarImportResult['changes'] = [];
  let conflicts = 0;
  outcomes.forEach((outcome, i) => {
    const { before, after } = moved[i]!;
    if (outcome instanceof Error) {
      conflicts += 1;
      return;
    }
    changes.push({
      caseId: after.caseId,
      kind: after.kind,
      unitCode: after.unitCode,
      level: after.level,
      from: before.deadline,
      to: after.deadline,
    });
  });
  return { openCases: open.length, rescheduled: changes.length, changes, conflicts };
}

function rescheduledEvent(
  before: Case,
  after: Case,
  options: { at: Instant; actor: Actor; data: Record<string, unknown> },
): AuditEvent {
  return {
    eventId: `case_rescheduled#${after.caseId}#${String(options.data.calendarYear)}#${String(options.data.version)}`,
    householdId: after.householdId,
    caseId: after.caseId,
    type: 'case_rescheduled',
    at: options.at,
    actor: options.actor,
    before: { deadline: before.deadline, plannedEscalations: before.plannedEscalations },
    after: { deadline: after.deadline, plannedEscalations: after.plannedEscalations },
    data: options.data,
  };
}
