// Sign-in. Locally: a token in the link (/#token=…) or one of the demo county's officers, whose token the
// local stack issues (POST /local/token, never deployed). On AWS: the deployment's OIDC provider
// (oidc.ts), one button; the officer comes back to the page they were on.
import { useState } from 'preact/hooks';
import { signIn } from '../session';

const demoOfficers = [
  { role: 'village', unit: '532931101201', label: '村干部 · 101 乡镇 201 村' },
  { role: 'village', unit: '532931102201', label: '村干部 · 102 乡镇 201 村' },
  { role: 'township', unit: '532931101', label: '乡镇干部 · 101 乡镇' },
  { role: 'township', unit: '532931102', label: '乡镇干部 · 102 乡镇' },
  { role: 'county', unit: '532931', label: '县级管理员 · 532931 县' },
] as const;

export function SignInPage({
  problem,
  signInRedirect,
}: {
  problem: string | null;
  /** The OIDC provider's sign-in (on AWS); null on the local stack. */
  signInRedirect: (() => Promise<void>) | null;
}) {
  const [error, setError] = useState<string | null>(problem);
  const [pasted, setPasted] = useState('');
  if (signInRedirect) return <ProviderSignIn error={error} setError={setError} go={signInRedirect} />;

  const asDemo = async (role: string, unit: string) => {
    setError(null);
    try {
      const response = await fetch('/local/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, unit }),
      });
      if (response.status === 404) throw new Error('本环境不提供演示账号，请通过单位统一身份认证登录。');
      if (!response.ok) throw new Error('演示账号暂时不可用，请稍后重试。');
      const { token } = (await response.json()) as { token: string };
      // The page the officer was on (after an expired sign-in) stays in the address bar.
      if (!signIn(token)) throw new Error('登录凭证无效。');
    } catch (e) {
      setError(e instanceof TypeError ? '网络连接失败，请检查网络后重试。' : (e as Error).message);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>防止返贫动态监测</h1>
      <p>请选择身份登录（本地演示县 532931）。</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="officers">
        {demoOfficers.map((o) => (
          <li key={o.unit}>
            <button type="button" onClick={() => asDemo(o.role, o.unit)}>
              {o.label}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!signIn(pasted.trim())) setError('登录凭证无效或已过期。');
        }}
      >
        <label for="token">或粘贴登录凭证（npx fanpin token 生成）</label>
        <input
          id="token"
          value={pasted}
          onInput={(e) => setPasted(e.currentTarget.value)}
          autocomplete="off"
        />
        <button type="submit">登录</button>
      </form>
    </main>
  );
}

function ProviderSignIn({
  error,
  setError,
  go,
}: {
  error: string | null;
  setError: (e: string | null) => void;
  go: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="sign-in">
      <h1>防止返贫动态监测</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        class="provider"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          go().catch(() => {
            setBusy(false);
            setError('无法连接统一身份认证，请检查网络后重试。');
          });
        }}
      >
        {busy ? '正在前往统一身份认证…' : '通过统一身份认证登录'}
      </button>
    </main>
  );
}
