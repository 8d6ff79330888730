// What the household page says changed when someone else changed the household first (a 409).
import { describe, expect, it } from 'vitest';
import { householdChanges } from '../../web/src/changes';
import type { Case, Household } from '../../web/src/words';

const overdue = { caseId: 'c1', kind: 'visit_overdue' } as Case;
const aHousehold = (patch: Partial<Household>): Household =>
  ({
    grade: 'red',
    status: 'monitored',
    procedure: null,
    lastHomeVisit: '2026-10-28',
    lastContact: '2026-10-28',
    nextVisitDue: '2026-11-27',
    contact: { name: '李联络' },
    measures: [],
    openCases: [overdue],
    ...patch,
  }) as Household;

describe('householdChanges', () => {
  it('names each changed fact with before and after, the cases resolved and opened', () => {
    const before = aHousehold({});
    const after = aHousehold({
      grade: 'blue',
      lastHomeVisit: '2026-12-07',
      lastContact: '2026-12-07',
      nextVisitDue: '2027-03-07',
      openCases: [{ caseId: 'c2', kind: 'measures_missing' } as Case],
    });

    expect(householdChanges(before, after)).toEqual([
      '等级：红色 → 蓝色',
      '上次入户：2026-10-28 → 2026-12-07',
      '上次联系：2026-10-28 → 2026-12-07',
      '下次走访期限：2026-11-27 → 2027-03-07',
      '已解决案件：走访逾期',
      '新开案件：帮扶措施未落实',
    ]);
  });

  it('says nothing changed when nothing it shows did', () => {
    expect(householdChanges(aHousehold({}), aHousehold({}))).toEqual([]);
  });
});
