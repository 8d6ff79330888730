// The visit form (a village officer between two households, on a phone network): what was typed is
// kept while the page is open, across a failed submission and a sign-in again (also one at the OIDC
// provider, which leaves the page: drafts.ts keeps it in sessionStorage for the round trip); a
// submission that fails on the network is retried by itself, and every attempt of one submission carries
// the same Idempotency-Key, so the API records the visit once however many attempts reached it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, api, must } from '../api';
import { type Draft, draftOf, dropDraft, type IncomeField, keepDraft } from '../drafts';
import { session } from '../session';
import type { Household } from '../words';
import { Problem } from './parts';

const todayInChina = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

const incomeFields: readonly (readonly [IncomeField, string])[] = [
  ['wageIncome', '工资性收入'],
  ['businessIncome', '生产经营性收入'],
  ['propertyIncome', '财产性收入'],
  ['transferIncome', '转移性收入'],
];

/** The submission's key: the same while the body is the same (a retry), a new one for a new body. */
const keys = new Map<string, { body: string; key: string }>();
function idempotencyKey(householdId: string, body: string): string {
  const last = keys.get(householdId);
  if (last?.body === body) return last.key;
  const key = crypto.randomUUID();
  keys.set(householdId, { body, key });
  return key;
}

/** Waits before the automatic retries of a submission that failed on the network. */
const retryDelaysMs = [800, 2000];
/** No answer (network), or a gateway that could not reach the API: worth trying again as it was. */
const retryable = (e: unknown) => e instanceof ApiFailure && [0, 502, 503, 504].includes(e.status);

/** The visit's `updates`: only the fields the officer filled in (the API checks the values). */
function updatesOf(income: Draft['income']): { updates?: Draft['income'] } {
  const filled = Object.fromEntries(Object.entries(income).filter(([, v]) => v && v.trim() !== ''));
  return Object.keys(filled).length ? { updates: filled } : {};
}

export function VisitForm({
  household,
  onDone,
  onConflict,
}: {
  household: Household;
  onDone: (after: Household) => void;
  /** Someone else changed the household first (409): the page reloads it and says what changed. */
  onConflict: () => void;
}) {
  const id = household.householdId;
  const unit = session()?.unit ?? '';
  const initial = draftOf(id, unit);
  const [date, setDate] = useState(initial?.date ?? todayInChina);
  const [method, setMethod] = useState<Draft['method']>(initial?.method ?? 'home');
  const [visitor, setVisitor] = useState(initial?.visitor ?? '');
  const [findings, setFindings] = useState(initial?.findings ?? '');
  const [income, setIncome] = useState<Draft['income']>(initial?.income ?? {});
  const [error, setError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  useEffect(() => {
    keepDraft(id, unit, { date, method, visitor, findings, income });
  }, [id, unit, date, method, visitor, findings, income]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { date, method, visitor, findings, ...updatesOf(income) };
    const key = idempotencyKey(id, JSON.stringify(body));
    const send = () =>
      must(
        api.POST('/v1/households/{id}/visits', {
          params: { path: { id } },
          body,
          headers: { 'Idempotency-Key': key },
        }),
      );
    try {
      let after: Household | undefined;
      for (let attempt = 0; after === undefined; attempt++) {
        try {
          after = await send();
        } catch (err) {
          if (!retryable(err) || attempt >= retryDelaysMs.length) throw err;
          setRetrying(attempt + 1);
          await new Promise((r) => setTimeout(r, retryDelaysMs[attempt]));
        }
      }
      dropDraft(id);
      keys.delete(id);
      if (!live.current) return;
      setFindings('');
      setIncome({});
      onDone(after);
    } catch (err) {
      if (!live.current) return;
      if (err instanceof ApiFailure && err.status === 409) onConflict();
      // The form keeps what was typed; submitting it again sends the same key.
      setError(
        retryable(err)
          ? '网络连接失败，走访记录尚未确认提交。已填写的内容已保留，网络恢复后请再次点击提交（不会重复记录）。'
          : err instanceof ApiFailure
            ? err.message
            : '提交失败，请重试。',
      );
    } finally {
      if (live.current) {
        setBusy(false);
        setRetrying(null);
      }
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
      {retrying !== null && (
        <p class="muted" role="status">
          网络不稳定，正在重试（第 {retrying} 次）…
        </p>
      )}
      <Problem error={error} />
      <button type="submit" disabled={busy}>
        {busy ? '正在提交…' : '提交走访记录'}
      </button>
    </form>
  );
}
