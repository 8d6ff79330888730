// Two monitored households (`<prefix>-1`, `<prefix>-2`) with no measures, imported into a store as a county's
// first file would bring them; returns the deps the import used, for the test to go on with.
import { createMemoryIdVault } from '../../lib/adapters/memory/memory-id-vault';
import { importHouseholds } from '../../lib/app/import-households';
import { defaultPolicy } from '../../lib/domain/policy';
import { residentIdCheckDigit } from '../../lib/domain/resident-id';
import { WorkingDayCalendar } from '../../lib/domain/working-days';
import type { Store } from '../../lib/ports/store';

export async function importTwoMonitored(
  store: Store,
  options: { prefix: string; villageCode: string; asOf: string },
) {
  let n = 0;
  const deps = {
    store,
    policyFor: () => defaultPolicy,
    calendar: WorkingDayCalendar.chinaOfficial(),
    newId: () => `id-${++n}`,
    idNumbers: createMemoryIdVault(),
  };
  const rows = [1, 2].map((i) => {
    const s17 = `53293119750312${String(i).padStart(3, '0')}`;
    return {
      rowNumber: i + 1,
      record: {
        householdId: `${options.prefix}-${i}`,
        villageCode: options.villageCode,
        headName: '张三',
        headIdNumber: s17 + residentIdCheckDigit(s17),
        category: 'unstable',
        status: 'monitored',
        members: '3',
        monitoredSince: '2026-09-01',
        contactName: '李干部',
      },
    };
  });
  await importHouseholds(deps, rows, { asOf: options.asOf, actor: { kind: 'system', name: 'test' } });
  return deps;
}
