// A unit's page: the caller's own work first. A village: households overdue or due soon for a visit and
// its open cases. A township or county: its villages or townships side by side (sortable, in the URL)
// with a chart of overdue visits and escalated cases, the cases that reached its level (as the morning
// digest says them), the households eligible for elimination (§11), the monthly report and its
// submission; a county also the twelve months' trends.
import { api, must } from '../api';
import { href, type Paged, useLoad, usePaged } from '../hooks';
import type { Session } from '../session';
import { type Case, type HouseholdRow, levelName, maskName, type Summary } from '../words';
import { BarRows } from './chart';
import { Escalations } from './escalations';
import { CaseItem, Grade, Loading, Problem } from './parts';
import { lastClosedMonth, MonthlyReport, Trends } from './report';

const levelOf = (code: string) =>
  code.length === 12 ? 'village' : code.length === 9 ? 'township' : 'county';

export function UnitPage({
  code,
  session,
  query,
}: {
  code: string;
  session: Session;
  query: URLSearchParams;
}) {
  return levelOf(code) === 'village' ? (
    <VillageWork code={code} session={session} />
  ) : (
    <Overview code={code} query={query} session={session} />
  );
}

function Totals({ s }: { s: Summary }) {
  const overdue =
    s.overdueByClass.red + s.overdueByClass.yellow + s.overdueByClass.blue + s.overdueByClass.watch;
  return (
    <dl class="totals">
      <div>
        <dt>监测户</dt>
        <dd>{s.byStatus.monitored}</dd>
      </div>
      <div class="red">
        <dt>红色</dt>
        <dd>{s.byGrade.red}</dd>
      </div>
      <div class="yellow">
        <dt>黄色</dt>
        <dd>{s.byGrade.yellow}</dd>
      </div>
      <div class="blue">
        <dt>蓝色</dt>
        <dd>{s.byGrade.blue}</dd>
      </div>
      <div>
        <dt>走访逾期</dt>
        <dd>{overdue}</dd>
      </div>
      <div>
        <dt>待办案件</dt>
        <dd>{s.openCasesByLevel.village + s.openCasesByLevel.township + s.openCasesByLevel.county}</dd>
      </div>
    </dl>
  );
}

function HouseholdList({ rows, empty }: { rows: HouseholdRow[]; empty: string }) {
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="households">
      {rows.map((h) => (
        <li key={h.householdId}>
          <a href={href(`/households/${h.householdId}`)}>
            <Grade grade={h.grade} />
            <span class="name">{maskName(h.headName)}</span>
            <span class="id">{h.householdId}</span>
            <span class="due">
              {h.daysOverdue > 0
                ? `逾期 ${h.daysOverdue} 天`
                : h.nextVisitDue
                  ? `应于 ${h.nextVisitDue} 前走访`
                  : ''}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function VillageWork({ code, session }: { code: string; session: Session }) {
  const summary = useLoad(
    () => must(api.GET('/v1/units/{code}/summary', { params: { path: { code } } })),
    code,
  );
  const overdue = usePaged(
    (cursor) =>
      must(
        api.GET('/v1/units/{code}/households', {
          params: { path: { code }, query: { overdue: 'true', limit: 50, cursor } },
        }),
      ),
    code,
  );
  const monitored = useLoad(
    () =>
      must(
        api.GET('/v1/units/{code}/households', {
          params: { path: { code }, query: { status: 'monitored', limit: 200 } },
        }),
      ),
    code,
  );
  const cases = usePaged(
    (cursor) => must(api.GET('/v1/cases', { params: { query: { unit: code, limit: 50, cursor } } })),
    code,
  );
  // Due within 14 days and not yet overdue, soonest first.
  const soon = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const dueSoon = (monitored.data?.items ?? [])
    .filter((h) => h.daysOverdue === 0 && h.nextVisitDue !== null && h.nextVisitDue <= soon)
    .sort((a, b) => (a.nextVisitDue ?? '').localeCompare(b.nextVisitDue ?? ''));
  const own = session.unit === code;
  return (
    <>
      <h1>{own ? '我的工作' : `${levelName.village} ${code}`}</h1>
      <p class="muted">村 {code}</p>
      <Problem error={summary.error ?? overdue.error ?? cases.error ?? monitored.error} />
      {summary.data && <Totals s={summary.data} />}
      <section aria-labelledby="overdue">
        <h2 id="overdue">走访逾期</h2>
        {overdue.items ? (
          <HouseholdList
            rows={[...overdue.items].sort((a, b) => b.daysOverdue - a.daysOverdue)}
            empty="没有逾期未走访的户。"
          />
        ) : (
          <Loading />
        )}
        <More list={overdue} />
      </section>
      <section aria-labelledby="soon">
        <h2 id="soon">近两周应走访</h2>
        {monitored.data ? <HouseholdList rows={dueSoon} empty="近两周没有应走访的户。" /> : <Loading />}
      </section>
      <section aria-labelledby="cases">
        <h2 id="cases">待办案件</h2>
        <CaseList cases={cases.items} onChange={cases.reload} />
        <More list={cases} />
      </section>
    </>
  );
}

function More({ list }: { list: Paged<unknown> }) {
  return list.more ? (
    <button type="button" class="small" onClick={list.more}>
      加载更多
    </button>
  ) : null;
}

function CaseList({ cases, onChange }: { cases: Case[] | null; onChange: () => void }) {
  if (!cases) return <Loading />;
  if (cases.length === 0) return <p class="muted">没有待办案件。</p>;
  const oldestFirst = [...cases].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  return (
    <ul class="cases">
      {oldestFirst.map((c) => (
        <CaseItem key={c.caseId} c={c} onChange={onChange} />
      ))}
    </ul>
  );
}

const sorts = [
  ['overdue', '按走访逾期'],
  ['openCases', '按待办案件'],
  ['red', '按红色户'],
  ['code', '按编码'],
] as const;
type Sort = (typeof sorts)[number][0];

function Overview({ code, query, session }: { code: string; query: URLSearchParams; session: Session }) {
  const level = levelOf(code) as 'township' | 'county';
  const childLevel = level === 'county' ? 'township' : 'village';
  const sort = (sorts.find(([s]) => s === query.get('sort'))?.[0] ?? 'overdue') as Sort;
  const summary = useLoad(
    () => must(api.GET('/v1/units/{code}/summary', { params: { path: { code } } })),
    code,
  );
  const children = useLoad(
    () => must(api.GET('/v1/units/{code}/children', { params: { path: { code }, query: { sort } } })),
    `${code}/${sort}`,
  );
  const path = `/units/${code}`;
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(query.get('month') ?? '')
    ? query.get('month')!
    : lastClosedMonth();
  return (
    <>
      <h1>{children.data?.name ?? `${levelName[level]} ${code}`}</h1>
      <Problem error={summary.error ?? children.error} />
      {summary.data && <Totals s={summary.data} />}
      <section aria-labelledby="children">
        <h2 id="children">各{levelName[childLevel]}情况</h2>
        <nav class="sorts" aria-label="排序">
          {sorts.map(([s, label]) => (
            <a key={s} href={href(path, { sort: s })} aria-current={s === sort ? 'true' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        {children.data ? (
          <div class="table-wrap">
            <table>
              <caption class="sr-only">各{levelName[childLevel]}的监测户、逾期走访和待办案件</caption>
              <thead>
                <tr>
                  <th scope="col">{levelName[childLevel]}</th>
                  <th scope="col">监测户</th>
                  <th scope="col">红</th>
                  <th scope="col" class="wide">
                    黄
                  </th>
                  <th scope="col" class="wide">
                    蓝
                  </th>
                  <th scope="col">走访逾期</th>
                  <th scope="col">案件（村/乡/县）</th>
                </tr>
              </thead>
              <tbody>
                {children.data.items.map((c) => {
                  const overdue = Object.values(c.overdueByClass).reduce((a, b) => a + b, 0);
                  return (
                    <tr key={c.unitCode}>
                      <th scope="row">
                        <a href={href(`/units/${c.unitCode}`)}>{c.name ?? c.unitCode}</a>
                      </th>
                      <td>{c.byStatus.monitored}</td>
                      <td>{c.byGrade.red}</td>
                      <td class="wide">{c.byGrade.yellow}</td>
                      <td class="wide">{c.byGrade.blue}</td>
                      <td class={overdue > 0 ? 'warn' : ''}>{overdue}</td>
                      <td>
                        {c.openCasesByLevel.village}/{c.openCasesByLevel.township}/{c.openCasesByLevel.county}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <Loading />
        )}
        {children.data && children.data.items.length > 0 && (
          <BarRows
            id="children-chart"
            caption={`各${levelName[childLevel]}走访逾期与上报案件`}
            labels={children.data.items.map((c) => c.name ?? c.unitCode)}
            series={[
              {
                name: '走访逾期',
                tone: 'red',
                values: children.data.items.map((c) =>
                  Object.values(c.overdueByClass).reduce((a, b) => a + b, 0),
                ),
              },
              {
                name: '已上报案件（乡镇/县）',
                tone: 'blue',
                values: children.data.items.map(
                  (c) => c.openCasesByLevel.township + c.openCasesByLevel.county,
                ),
              },
            ]}
          />
        )}
      </section>
      <Escalations code={code} level={level} path={path} query={query} />
      <Eligible code={code} level={level} count={summary.data?.eligibleForElimination ?? null} />
      <MonthlyReport code={code} month={month} session={session} path={path} query={query} />
      {level === 'county' && <Trends code={code} />}
    </>
  );
}

/** §11: the unit's households eligible for elimination (the summary counts them), each a link to the
 *  household, where its elimination procedure is taken step by step. */
function Eligible({
  code,
  level,
  count,
}: {
  code: string;
  level: 'township' | 'county';
  count: number | null;
}) {
  const list = usePaged(
    (cursor) =>
      must(
        api.GET('/v1/units/{code}/households', {
          params: { path: { code }, query: { eligibleForElimination: 'true', limit: 50, cursor } },
        }),
      ),
    code,
  );
  return (
    <section aria-labelledby="eligible">
      <h2 id="eligible">可消除风险的户{count === null ? '' : `（${count}）`}</h2>
      <Problem error={list.error} />
      {list.items === null ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <p class="muted">目前没有符合风险消除条件的户。</p>
      ) : (
        <ul class="households eligible">
          {list.items.map((h) => (
            <li key={h.householdId}>
              <a href={href(`/households/${h.householdId}`)}>
                <Grade grade={h.grade} />
                <span class="name">{maskName(h.headName)}</span>
                <span class="id">{h.householdId}</span>
                <span class="due">
                  {[level === 'county' ? h.townshipName : null, h.villageName ?? h.villageCode]
                    .filter(Boolean)
                    .join(' ')}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <More list={list} />
    </section>
  );
}
