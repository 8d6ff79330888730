// A township's or county's monthly report (§9, written by the monthly sweep) with the township's
// submission, and the county's trends over the stored reports of the last twelve months (one request).
import { useState } from 'preact/hooks';
import { ApiFailure, api, must } from '../api';
import type { components } from '../api-types';
import { href, useLoad } from '../hooks';
import type { Session } from '../session';
import { dateTime } from '../words';
import { LineChart } from './chart';
import { Loading, Problem } from './parts';

type Answer = components['schemas']['MonthlyReport'];
type Report = Answer['report'];

/** `YYYY-MM` plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/** The last closed month in China: the one whose report the monthly sweep of the 1st wrote. */
export const lastClosedMonth = (): string =>
  addMonths(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7),
    -1,
  );

/** The stored report, or null when the month has none (404). */
function reportOf(unit: string, month: string): Promise<Answer | null> {
  return must(api.GET('/v1/reports/{unit}/{month}', { params: { path: { unit, month } } })).catch(
    (e: unknown) => {
      if (e instanceof ApiFailure && e.status === 404) return null;
      throw e;
    },
  );
}

const sumOf = (byKind: Report['cases']['opened']) =>
  Object.values(byKind).reduce((sum, byLevel) => sum + Object.values(byLevel).reduce((a, b) => a + b, 0), 0);
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

export function MonthlyReport({
  code,
  month,
  session,
  path,
  query,
}: {
  code: string;
  month: string;
  session: Session;
  path: string;
  query: URLSearchParams;
}) {
  // Wrapped: `found: null` is a month without a report, `data: null` one not loaded yet.
  const answer = useLoad(() => reportOf(code, month).then((found) => ({ found })), `${code}/${month}`);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const monthLink = (m: string) => href(path, { ...Object.fromEntries(query), month: m });
  const maySubmit = session.role === 'township' && session.unit === code;
  const submit = async () => {
    setError(null);
    try {
      const s = await must(
        api.POST('/v1/reports/{township}/{month}/submit', { params: { path: { township: code, month } } }),
      );
      setSaid(
        s.created ? `已提交 ${month} 月报（${dateTime(s.submittedAt)}）。` : `${month} 月报此前已提交。`,
      );
      answer.reload();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : '提交失败，请重试。');
    }
  };
  const a = answer.data?.found;
  const r = a?.report;
  return (
    <section aria-labelledby="report">
      <h2 id="report">月报 {month}</h2>
      <nav class="report-nav" aria-label="月份">
        <a href={monthLink(addMonths(month, -1))}>上个月</a>
        {month < lastClosedMonth() && <a href={monthLink(addMonths(month, 1))}>下个月</a>}
      </nav>
      <Problem error={answer.error ?? error} />
      {said && (
        <p class="ok" role="status">
          {said}
        </p>
      )}
      {!answer.data ? (
        answer.error ? null : (
          <Loading />
        )
      ) : !a || !r ? (
        <p class="muted">该月尚无月报（每月1日的月度巡查生成上月月报）。</p>
      ) : (
        <>
          <dl class="facts">
            <dt>监测户（红/黄/蓝）</dt>
            <dd>
              {r.households.byStatus.monitored}（{r.households.byGrade.red}/{r.households.byGrade.yellow}/
              {r.households.byGrade.blue}）
            </dd>
            <dt>新纳入 / 风险消除</dt>
            <dd>
              {r.movements.newInclusions} / {r.movements.eliminations}
            </dd>
            <dt>应走访 / 已走访（完成率）</dt>
            <dd>
              {r.visits.total.required} / {r.visits.total.done}（{percent(r.visits.total.complianceRate)}）
            </dd>
            <dt>月末走访逾期</dt>
            <dd>{r.overdue.total}</dd>
            <dt>案件：新开 / 上报 / 办结</dt>
            <dd>
              {sumOf(r.cases.opened)} / {sumOf(r.cases.escalated)} / {sumOf(r.cases.resolved)}
            </dd>
            {code.length === 9 && (
              <>
                <dt>报送</dt>
                <dd>{a.submission ? `已于 ${dateTime(a.submission.submittedAt)} 提交` : '未提交'}</dd>
              </>
            )}
          </dl>
          {maySubmit && !a.submission && (
            <button type="button" onClick={submit}>
              提交 {month} 月报
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Twelve months of stored reports as lines: grades, overdue visits, cases opened and resolved. */
export function Trends({ code }: { code: string }) {
  const last = lastClosedMonth();
  const months = Array.from({ length: 12 }, (_, i) => addMonths(last, i - 11));
  // One request for the twelve months (GET /v1/units/{code}/reports); a month without a report is a gap.
  const reports = useLoad(
    () =>
      must(
        api.GET('/v1/units/{code}/reports', {
          params: { path: { code }, query: { from: months[0]!, to: last } },
        }),
      ).then((answer) => {
        const byMonth = new Map(answer.items.map((i) => [i.month, i.report]));
        return months.map((m) => byMonth.get(m) ?? null);
      }),
    `${code}/${last}`,
  );
  if (reports.error) return <Problem error={reports.error} />;
  if (!reports.data) return <Loading />;
  const of = (pick: (r: Report) => number) => reports.data!.map((r) => (r ? pick(r) : null));
  const stored = reports.data.filter(Boolean).length;
  return (
    <section aria-labelledby="trends">
      <h2 id="trends">近12个月趋势</h2>
      {stored === 0 ? (
        <p class="muted">尚无已生成的月报。</p>
      ) : (
        <div class="charts">
          <LineChart
            id="trend-grades"
            caption="监测户等级（月末）"
            labels={months}
            series={[
              { name: '红色', tone: 'red', values: of((r) => r.households.byGrade.red) },
              { name: '黄色', tone: 'yellow', values: of((r) => r.households.byGrade.yellow) },
              { name: '蓝色', tone: 'blue', values: of((r) => r.households.byGrade.blue) },
            ]}
          />
          <LineChart
            id="trend-overdue"
            caption="月末走访逾期户数"
            labels={months}
            series={[{ name: '走访逾期', tone: 'red', values: of((r) => r.overdue.total) }]}
          />
          <LineChart
            id="trend-cases"
            caption="案件：当月新开与办结"
            labels={months}
            series={[
              { name: '新开', tone: 'red', values: of((r) => sumOf(r.cases.opened)) },
              { name: '办结', tone: 'blue', values: of((r) => sumOf(r.cases.resolved)) },
            ]}
          />
        </div>
      )}
      {stored > 0 && stored < months.length && <p class="muted">没有月报的月份留空。</p>}
    </section>
  );
}
