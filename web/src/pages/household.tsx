// A household: facts, the grade explained rule by rule, the visit schedule, open cases, the procedure
// step, history; actions: record a visit (showing what it changed), acknowledge a case, take the step
// that waits for the caller's role.
import { useState } from 'preact/hooks';
import { ApiFailure, api, must } from '../api';
import { householdChanges } from '../changes';
import { useLoad } from '../hooks';
import type { Session } from '../session';
import {
  actionName,
  type Case,
  caseKindName,
  categoryName,
  dateTime,
  eventName,
  gradeName,
  type Household,
  levelName,
  measureName,
  ruleSentences,
  statusName,
  yuan,
} from '../words';
import { CaseItem, Grade, Loading, Problem } from './parts';
import { VisitForm } from './visit-form';

/** What an action changed: the grade before and after, and the cases it resolved. */
function changeWords(before: Household, after: Household): string {
  const grade =
    before.grade === after.grade
      ? `等级仍为${gradeName[after.grade ?? ''] ?? '—'}`
      : `等级：${gradeName[before.grade ?? ''] ?? '—'} → ${gradeName[after.grade ?? ''] ?? '—'}`;
  const open = new Set(after.openCases.map((c) => c.caseId));
  const resolved = before.openCases.filter((c: Case) => !open.has(c.caseId));
  const cases = resolved.length
    ? `已解决案件：${resolved.map((c) => caseKindName[c.kind]).join('、')}`
    : '没有案件因此解决';
  const next = after.nextVisitDue ? `下次应于 ${after.nextVisitDue} 前走访` : '';
  return [grade, cases, next].filter(Boolean).join('；');
}

export function HouseholdPage({ id, session }: { id: string; session: Session }) {
  const household = useLoad(() => must(api.GET('/v1/households/{id}', { params: { path: { id } } })), id);
  const history = useLoad(
    () => must(api.GET('/v1/households/{id}/history', { params: { path: { id }, query: { limit: 20 } } })),
    id,
  );
  const [result, setResult] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const h = household.data;
  const changed = (before: Household, after: Household, what: string) => {
    setConflict(null);
    setResult(`${what}。${changeWords(before, after)}。`);
    household.reload();
    history.reload();
  };
  // 409: someone else changed the household first. Reload it and say what changed since it was shown.
  const conflicted = (before: Household) => async () => {
    setResult(null);
    try {
      const after = await must(api.GET('/v1/households/{id}', { params: { path: { id } } }));
      household.replace(after);
      history.reload();
      const changes = householdChanges(before, after);
      setConflict(
        `该户刚被他人修改，已刷新为最新情况。${changes.length ? `变化：${changes.join('；')}。` : ''}请查看后再办理。`,
      );
    } catch (e) {
      setConflict(e instanceof ApiFailure ? e.message : '该户刚被他人修改，请刷新页面后再办理。');
    }
  };

  if (household.error) {
    return (
      <>
        <h1>户 {id}</h1>
        <Problem error={household.error} />
        <p>
          <a href="#/">返回我的工作</a>
        </p>
      </>
    );
  }
  if (!h) return <Loading />;
  const rules = ruleSentences(h);
  return (
    <>
      <h1>
        {h.headName} 户 <Grade grade={h.grade} />
      </h1>
      <p class="muted">
        {h.householdId} · 村 {h.villageCode} · {categoryName[h.category]} · {statusName[h.status]}
      </p>
      {result && (
        <p class="ok" role="status">
          {result}
        </p>
      )}
      {conflict && (
        <p class="error conflict" role="alert">
          {conflict}
        </p>
      )}

      <section aria-labelledby="why">
        <h2 id="why">为什么是{gradeName[h.grade ?? ''] ?? '此'}等级</h2>
        {rules.length ? (
          <ul class="rules">
            {rules.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p class="muted">尚未评级。</p>
        )}
      </section>

      <section aria-labelledby="facts">
        <h2 id="facts">家庭情况</h2>
        <dl class="facts">
          <dt>户主身份证</dt>
          <dd>{h.headIdNumber}</dd>
          <dt>人口 / 劳动力</dt>
          <dd>
            {h.members} 人 / 全劳力 {h.laborFull}，半劳力 {h.laborPartial}
          </dd>
          <dt>人均纯收入</dt>
          <dd>{h.derived ? yuan(h.derived.perCapitaIncome) : '—'}</dd>
          <dt>工资性 / 经营性 / 财产性 / 转移性收入</dt>
          <dd>
            {yuan(h.income.wageIncome)} / {yuan(h.income.businessIncome)} / {yuan(h.income.propertyIncome)} /{' '}
            {yuan(h.income.transferIncome)}
          </dd>
          <dt>帮扶联系人</dt>
          <dd>{h.contact ? h.contact.name : '未指定'}</dd>
          <dt>帮扶措施</dt>
          <dd>
            {h.measures.length
              ? h.measures.map((m) => `${measureName[m.type] ?? m.type}（${m.startDate}起）`).join('、')
              : '无'}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="visits">
        <h2 id="visits">走访安排</h2>
        <p>
          {h.daysOverdue > 0 ? (
            <strong class="warn">已逾期 {h.daysOverdue} 天。</strong>
          ) : h.nextVisitDue ? (
            `下次应于 ${h.nextVisitDue} 前走访。`
          ) : (
            '无需定期走访。'
          )}{' '}
          上次入户：{h.lastHomeVisit ?? '无'}；上次联系：{h.lastContact ?? '无'}。
        </p>
        {session.role === 'village' && (
          <VisitForm
            household={h}
            onDone={(after) => changed(h, after, '已记录走访')}
            onConflict={conflicted(h)}
          />
        )}
      </section>

      <section aria-labelledby="open-cases">
        <h2 id="open-cases">待办案件</h2>
        {h.openCases.length ? (
          <ul class="cases">
            {h.openCases.map((c) => (
              <CaseItem key={c.caseId} c={c} onChange={household.reload} onConflict={conflicted(h)} />
            ))}
          </ul>
        ) : (
          <p class="muted">没有待办案件。</p>
        )}
      </section>

      <Procedure
        household={h}
        session={session}
        onDone={(after, what) => changed(h, after, what)}
        onConflict={conflicted(h)}
      />

      <section aria-labelledby="history">
        <h2 id="history">记录</h2>
        {history.data ? (
          <ol class="timeline">
            {history.data.items.map((e) => (
              <li key={e.eventId}>
                <time>{dateTime(e.at)}</time> {eventName[e.type] ?? e.type}
                {e.actor.role ? `（${levelName[e.actor.role as 'village'] ?? e.actor.role}级）` : ''}
              </li>
            ))}
          </ol>
        ) : (
          <Loading />
        )}
      </section>
    </>
  );
}

function Procedure({
  household: h,
  session,
  onDone,
  onConflict,
}: {
  household: Household;
  session: Session;
  onDone: (after: Household, what: string) => void;
  onConflict: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const p = h.procedure;
  if (!p && !h.elimination.eligible) return null;
  const mine = p?.role === session.role;
  const take = async (action: NonNullable<Household['procedure']>['awaiting']) => {
    setBusy(true);
    setError(null);
    try {
      const after = await must(
        api.POST('/v1/households/{id}/transitions', {
          params: { path: { id: h.householdId } },
          body: { action },
        }),
      );
      onDone(after, `已办理：${actionName[action]}`);
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409) return onConflict();
      setError(e instanceof ApiFailure ? e.message : '办理失败，请重试。');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="procedure">
      <h2 id="procedure">程序</h2>
      {p ? (
        <p>
          {p.kind === 'elimination' ? '风险消除' : '识别纳入'}：等待{actionName[p.awaiting]}
          {p.role ? `（${levelName[p.role]}级办理）` : ''}，自 {dateTime(p.since)} 起。
        </p>
      ) : (
        <p>已符合风险消除条件，可由村级提出风险消除。</p>
      )}
      {p && mine && (
        <button type="button" disabled={busy} onClick={() => take(p.awaiting)}>
          {actionName[p.awaiting]}
        </button>
      )}
      <Problem error={error} />
    </section>
  );
}
