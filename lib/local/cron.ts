// EventBridge cron expressions (`cron(min hour day-of-month month day-of-week year)`) read in a time zone,
// evaluated by croner: lists, ranges, steps, names, `L`, `W` and `#`. Day-of-week is 1-7 = SUN-SAT, as in
// EventBridge (croner's Quartz numbering). This module only checks EventBridge's own rules (six fields,
// `?` in exactly one of the two day fields) and translates the expression into croner's 7-part pattern.
import { Cron } from 'croner';

export class InvalidCronError extends Error {
  constructor(expression: string, why: string) {
    super(`cron expression "${expression}" ${why}`);
    this.name = 'InvalidCronError';
  }
}

/** The largest value of each EventBridge field (minutes, hours, day of month, month, day of week, year). */
const FIELD_MAX = [59, 23, 31, 12, 7, 2199];

/** The croner pattern (`second minute hour dom month dow year`) of an EventBridge cron expression. */
export function parseCron(expression: string): string {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = (m ? m[1]! : '').trim().split(/\s+/);
  if (!m || fields.length !== 6)
    throw new InvalidCronError(expression, 'is not cron(min hour dom month dow year)');
  const [, , dom, , dow] = fields as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new InvalidCronError(expression, 'must have `?` in exactly one of day-of-month and day-of-week');
  }
  // croner's Quartz numbering would read 8 as Sunday again; EventBridge allows 1-7 only.
  for (const part of dow.split(',')) {
    const days = part.split(/[/#]/)[0]!.split('-');
    if (days.some((d) => /^\d+$/.test(d) && (Number(d) < 1 || Number(d) > 7)))
      throw new InvalidCronError(expression, `has "${part}" out of 1-7 in day-of-week`);
  }
  // EventBridge's `start/step` (0/30: from 0 every 30) is croner's `start-max/step`.
  const startSteps = (field: string, i: number) =>
    field
      .split(',')
      .map((part) => part.replace(/^([^*\-/]+)\/(\d+)$/, `$1-${FIELD_MAX[i]}/$2`))
      .join(',');
  const pattern = ['0', ...fields.map(startSteps)].join(' ');
  try {
    schedule(pattern, 'UTC');
  } catch (e) {
    throw new InvalidCronError(expression, `is not valid: ${(e as Error).message}`);
  }
  return pattern;
}

function schedule(pattern: string, timeZone: string): Cron {
  return new Cron(pattern, { timezone: timeZone, alternativeWeekdays: true, mode: '7-part', paused: true });
}

/** The first instant strictly after `afterMs` at which the schedule fires, or null if it never does again. */
export function nextFireTime(expression: string, timeZone: string, afterMs: number): number | null {
  return schedule(parseCron(expression), timeZone).nextRun(new Date(afterMs))?.getTime() ?? null;
}

/** Every instant in (fromMs, toMs] at which the schedule fires. */
export function fireTimesBetween(
  expression: string,
  timeZone: string,
  fromMs: number,
  toMs: number,
): number[] {
  const cron = schedule(parseCron(expression), timeZone);
  const out: number[] = [];
  let t = cron.nextRun(new Date(fromMs));
  while (t !== null && t.getTime() <= toMs) {
    out.push(t.getTime());
    t = cron.nextRun(t);
  }
  return out;
}
