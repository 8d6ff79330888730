// D3: a household's own monthly history, as the API and the sweeps read it for E3 (§11), so that they
// always judge elimination from the same months.
import type { Household } from '../domain/model';
import type { AssessmentStore } from '../ports/assessment-store';

/** Later than any month: reads a village's newest monthly records. */
const newestMonth = '9999-12';

/**
 * The `aboveMonitoringLine` flags of the household's last `count` monthly assessments, newest first. The
 * monthly sweep writes one assessment per household and month (D3); months swept before that exist only
 * as the lines of the village's monthly records, which hold the same flags: they fill in below the
 * household's own oldest month, while the household's line is unbroken.
 */
export async function recentMonthlyFlags(
  assessments: AssessmentStore,
  household: Pick<Household, 'householdId' | 'villageCode'>,
  count: number,
): Promise<boolean[]> {
  if (count <= 0) return [];
  const own = await assessments.recentMonthly(household.householdId, count);
  const flags = own.map((m) => m.aboveMonitoringLine);
  if (flags.length >= count) return flags;
  const before = own.at(-1)?.month;
  const village = await assessments.villageMonths(household.villageCode, count, newestMonth);
  for (const m of village) {
    if (flags.length >= count) break;
    if (before !== undefined && m.month >= before) continue;
    const line = m.households[household.householdId];
    if (!line) break;
    flags.push(line.above);
  }
  return flags;
}
