// What the morning digest says, browsable (§9): the cases that reached the unit's level, newly (within
// the chosen days, in the URL) and still open, and those resolved at its level in the same days.
import { api, must } from '../api';
import { href, usePaged } from '../hooks';
import { type Case, caseKindName, dateTime, levelName } from '../words';
import { CaseItem, Loading, Problem } from './parts';

const windows = [
  ['1', '近1天'],
  ['7', '近7天'],
  ['30', '近30天'],
] as const;

/** When the case reached `level`: its escalation there, or its opening when it opened there. */
const reachedAt = (c: Case, level: Case['level']) =>
  c.escalations.filter((e) => e.level === level).at(-1)?.at ?? c.openedAt;
const ms = (instant: string) => Date.parse(instant);

export function Escalations({
  code,
  level,
  path,
  query,
}: {
  code: string;
  level: 'township' | 'county';
  path: string;
  query: URLSearchParams;
}) {
  const days = windows.find(([d]) => d === query.get('since'))?.[0] ?? '1';
  const since = () => new Date(Date.now() - Number(days) * 86_400_000).toISOString();
  const open = usePaged(
    (cursor) => must(api.GET('/v1/cases', { params: { query: { unit: code, level, limit: 100, cursor } } })),
    code,
  );
  const resolved = usePaged(
    (cursor) =>
      must(
        api.GET('/v1/cases', {
          params: {
            query: { unit: code, level, status: 'resolved', resolvedSince: since(), limit: 50, cursor },
          },
        }),
      ),
    `${code}/${days}`,
  );
  const from = ms(since());
  const items = open.items ?? [];
  const newly = items
    .filter((c) => ms(reachedAt(c, level)) >= from)
    .sort((a, b) => ms(reachedAt(b, level)) - ms(reachedAt(a, level)));
  const still = items
    .filter((c) => ms(reachedAt(c, level)) < from)
    .sort((a, b) => ms(reachedAt(a, level)) - ms(reachedAt(b, level)));
  const done = [...(resolved.items ?? [])].sort((a, b) => ms(b.resolvedAt ?? '') - ms(a.resolvedAt ?? ''));
  const label = windows.find(([d]) => d === days)![1];
  return (
    <section aria-labelledby="cases">
      <h2 id="cases">上报到{levelName[level]}的案件</h2>
      <nav class="sorts" aria-label="时间范围">
        {windows.map(([d, text]) => (
          <a
            key={d}
            href={href(path, { ...Object.fromEntries(query), since: d })}
            aria-current={d === days ? 'true' : undefined}
          >
            {text}
          </a>
        ))}
      </nav>
      <Problem error={open.error ?? resolved.error} />
      {open.items ? (
        <>
          <h3>
            新上报（{label}）：{newly.length}
          </h3>
          <CaseLines cases={newly} empty={`${label}没有新上报的案件。`} onChange={open.reload} />
          <h3>仍待办理：{still.length}</h3>
          <CaseLines cases={still} empty="没有更早上报仍待办理的案件。" onChange={open.reload} />
          {open.more && (
            <button type="button" class="small" onClick={open.more}>
              加载更多
            </button>
          )}
        </>
      ) : (
        <Loading />
      )}
      <h3>
        已办结（{label}）：{resolved.items ? done.length : '…'}
      </h3>
      {resolved.items ? (
        done.length ? (
          <ul class="cases">
            {done.map((c) => (
              <li key={c.caseId} class="case">
                <div class="line">
                  <strong>{caseKindName[c.kind]}</strong>
                  {c.householdId && <a href={href(`/households/${c.householdId}`)}>{c.householdId}</a>}
                </div>
                <div class="muted">
                  {c.resolvedAt ? dateTime(c.resolvedAt) : ''} 办结{c.resolution?.manual ? '（人工）' : ''}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{label}没有办结的案件。</p>
        )
      ) : (
        <Loading />
      )}
      {resolved.more && (
        <button type="button" class="small" onClick={resolved.more}>
          加载更多已办结
        </button>
      )}
    </section>
  );
}

function CaseLines({ cases, empty, onChange }: { cases: Case[]; empty: string; onChange: () => void }) {
  if (cases.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="cases">
      {cases.map((c) => (
        <CaseItem key={c.caseId} c={c} onChange={onChange} />
      ))}
    </ul>
  );
}
