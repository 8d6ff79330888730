// A household: facts, the grade explained rule by rule, the visit schedule, open cases, the procedure
// step, history; actions: record a visit (showing what it changed), acknowledge a case, take the step
// that waits for the caller's role.
import { useState } from 'preact/hooks';
import { ApiFailure, api, must } from '../api';
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

const todayInChina = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

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
  const h = household.data;
  const changed = (before: Household, after: Household, what: string) => {
    setResult(`${what}。${changeWords(before, after)}。`);
    household.reload();
    history.reload();
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
          <VisitForm household={h} onDone={(after) => changed(h, after, '已记录走访')} />
        )}
      </section>

      <section aria-labelledby="open-cases">
        <h2 id="open-cases">待办案件</h2>
        {h.openCases.length ? (
          <ul class="cases">
            {h.openCases.map((c) => (
              <CaseItem key={c.caseId} c={c} onChange={household.reload} />
            ))}
          </ul>
        ) : (
          <p class="muted">没有待办案件。</p>
        )}
      </section>

      <Procedure household={h} session={session} onDone={(after, what) => changed(h, after, what)} />

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
}: {
  household: Household;
  session: Session;
  onDone: (after: Household, what: string) => void;
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

const incomeFields = [
  ['wageIncome', '工资性收入'],
  ['businessIncome', '生产经营性收入'],
  ['propertyIncome', '财产性收入'],
  ['transferIncome', '转移性收入'],
] as const;
type IncomeField = (typeof incomeFields)[number][0];

/** The visit's `updates`: only the fields the officer filled in (the API checks the values). */
function updatesOf(income: Partial<Record<IncomeField, string>>): {
  updates?: Partial<Record<IncomeField, string>>;
} {
  const filled = Object.fromEntries(Object.entries(income).filter(([, v]) => v && v.trim() !== ''));
  return Object.keys(filled).length ? { updates: filled } : {};
}

function VisitForm({ household, onDone }: { household: Household; onDone: (after: Household) => void }) {
  const [date, setDate] = useState(todayInChina);
  const [method, setMethod] = useState<'home' | 'phone'>('home');
  const [visitor, setVisitor] = useState('');
  const [findings, setFindings] = useState('');
  const [income, setIncome] = useState<Partial<Record<IncomeField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const after = await must(
        api.POST('/v1/households/{id}/visits', {
          params: { path: { id: household.householdId } },
          body: { date, method, visitor, findings, ...updatesOf(income) },
        }),
      );
      setFindings('');
      setIncome({});
      onDone(after);
    } catch (err) {
      // The form keeps what was typed, so a retry after a network failure loses nothing.
      setError(err instanceof ApiFailure ? err.message : '提交失败，请重试。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="visit" onSubmit={submit} aria-labelledby="visit-title">
      <h3 id="visit-title">记录走访</h3>
      <label for="visit-date">走访日期</label>
      <input
        id="visit-date"
        type="date"
        required
        value={date}
        onInput={(e) => setDate(e.currentTarget.value)}
      />
      <fieldset>
        <legend>方式</legend>
        <label>
          <input
            type="radio"
            name="method"
            value="home"
            checked={method === 'home'}
            onChange={() => setMethod('home')}
          />
          入户走访
        </label>
        <label>
          <input
            type="radio"
            name="method"
            value="phone"
            checked={method === 'phone'}
            onChange={() => setMethod('phone')}
          />
          电话联系
        </label>
      </fieldset>
      <label for="visit-visitor">走访人</label>
      <input
        id="visit-visitor"
        required
        maxLength={64}
        value={visitor}
        onInput={(e) => setVisitor(e.currentTarget.value)}
      />
      <label for="visit-findings">走访情况</label>
      <textarea
        id="visit-findings"
        required
        maxLength={2000}
        rows={3}
        value={findings}
        onInput={(e) => setFindings(e.currentTarget.value)}
      />
      <details>
        <summary>更新收入（可选，将重新评级）</summary>
        {incomeFields.map(([field, label]) => (
          <div key={field}>
            <label for={`visit-${field}`}>{label}（元/年）</label>
            <input
              id={`visit-${field}`}
              inputMode="decimal"
              placeholder={String(household.income[field])}
              value={income[field] ?? ''}
              onInput={(e) => setIncome({ ...income, [field]: e.currentTarget.value })}
            />
          </div>
        ))}
      </details>
      <Problem error={error} />
      <button type="submit" disabled={busy}>
        {busy ? '正在提交…' : '提交走访记录'}
      </button>
    </form>
  );
}
