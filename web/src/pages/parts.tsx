// Pieces several pages show: a grade chip, a case line with its deadline in words, a loading/error line.
import { useState } from 'preact/hooks';
import { ApiFailure, api, must } from '../api';
import { href } from '../hooks';
import { type Case, caseKindName, deadlineWords, gradeName, levelName } from '../words';

export function Grade({ grade }: { grade: string | null }) {
  if (!grade) return <span class="chip">—</span>;
  return <span class={`chip ${grade}`}>{gradeName[grade] ?? grade}</span>;
}

export function Problem({ error }: { error: string | null }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

export function Loading() {
  return <p class="muted">正在加载…</p>;
}

/** One open case: what, whose, where it stands, when it escalates; the officer may acknowledge it. */
export function CaseItem({
  c,
  onChange,
  onConflict,
}: {
  c: Case;
  onChange?: () => void;
  /** 409: someone else resolved or changed it first; the page reloads and says what changed. */
  onConflict?: () => void;
}) {
  const [acked, setAcked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const acknowledge = async () => {
    setError(null);
    try {
      await must(
        api.POST('/v1/cases/{id}/acknowledge', { params: { path: { id: c.caseId } }, body: { note: '' } }),
      );
      setAcked('已确认由您处理（案件仍按期限上报，办结后自动解决）。');
      onChange?.();
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409) {
        if (onConflict) return onConflict();
        setError('该案件刚被他人办结或更改，列表已刷新。');
        return onChange?.();
      }
      setError(e instanceof ApiFailure ? e.message : '确认失败，请重试。');
    }
  };
  return (
    <li class="case" data-case={c.caseId}>
      <div class="line">
        <strong>{caseKindName[c.kind]}</strong>
        <span class="tag">{levelName[c.level]}级</span>
        {c.householdId && <a href={href(`/households/${c.householdId}`)}>{c.householdId}</a>}
      </div>
      <div class="deadline">{deadlineWords(c)}</div>
      {c.acknowledgementCount > 0 && <div class="muted">已确认：{c.acknowledgementCount} 次</div>}
      {acked ? (
        <p role="status" class="ok">
          {acked}
        </p>
      ) : (
        <button type="button" class="small" onClick={acknowledge}>
          确认处理
        </button>
      )}
      <Problem error={error} />
    </li>
  );
}
