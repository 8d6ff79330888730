// What changed in a household between the answer the officer was looking at and the one stored now, one
// phrase each: shown when someone else changed it first (a 409) and the page reloads it.
import {
  actionName,
  type Case,
  caseKindName,
  gradeName,
  type Household,
  measureName,
  statusName,
} from './words';

const grade = (g: string | null) => gradeName[g ?? ''] ?? '—';
const step = (h: Household) =>
  h.procedure ? `等待${actionName[h.procedure.awaiting] ?? h.procedure.awaiting}` : '无';
const kinds = (cases: Case[]) => [...new Set(cases.map((c) => caseKindName[c.kind]))].join('、');

export function householdChanges(before: Household, after: Household): string[] {
  const changes: string[] = [];
  const from = (label: string, a: string | null, b: string | null) => {
    if (a !== b) changes.push(`${label}：${a ?? '无'} → ${b ?? '无'}`);
  };
  from('等级', grade(before.grade), grade(after.grade));
  from('状态', statusName[before.status], statusName[after.status]);
  from('程序', step(before), step(after));
  from('上次入户', before.lastHomeVisit, after.lastHomeVisit);
  from('上次联系', before.lastContact, after.lastContact);
  from('下次走访期限', before.nextVisitDue, after.nextVisitDue);
  from('帮扶联系人', before.contact?.name ?? null, after.contact?.name ?? null);
  const had = new Set(before.measures.map((m) => `${m.type}/${m.startDate}`));
  const added = after.measures.filter((m) => !had.has(`${m.type}/${m.startDate}`));
  if (added.length)
    changes.push(`新增帮扶措施：${added.map((m) => measureName[m.type] ?? m.type).join('、')}`);
  const openAfter = new Set(after.openCases.map((c) => c.caseId));
  const openBefore = new Set(before.openCases.map((c) => c.caseId));
  const resolved = before.openCases.filter((c) => !openAfter.has(c.caseId));
  const opened = after.openCases.filter((c) => !openBefore.has(c.caseId));
  if (resolved.length) changes.push(`已解决案件：${kinds(resolved)}`);
  if (opened.length) changes.push(`新开案件：${kinds(opened)}`);
  return changes;
}
