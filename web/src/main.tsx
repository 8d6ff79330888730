// The officers' web app (issue 20, ADR 0015): sign-in, then the caller's own work first.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadConfig, type WebConfig } from './config';
import { dropAllDrafts, restoreDrafts } from './drafts';
import { useRoute } from './hooks';
import { startOidc } from './oidc';
import { HouseholdPage } from './pages/household';
import { SignInPage } from './pages/sign-in';
import { UnitPage } from './pages/unit';
import { endSession, onSessionChange, type Session, session, signIn, signOutReason } from './session';
import { levelName } from './words';
import './style.css';

// Visit forms left unsent for the provider's sign-in come back (and leave sessionStorage).
restoreDrafts();

// `/#token=<JWT>` signs in; the token leaves the address bar (and the history) at once.
const fromHash = /^#token=([\w.-]+)/.exec(location.hash);
let signInProblem: string | null = null;
if (fromHash) {
  if (!signIn(fromHash[1]!)) signInProblem = '链接中的登录凭证无效或已过期，请重新获取。';
  history.replaceState(null, '', `${location.pathname}#/`);
}

// What the deployment says about sign-in (/config.json): the demo officers locally, OIDC on AWS.
const config: WebConfig = await loadConfig().catch(() => {
  signInProblem ??= '无法读取登录配置，请刷新页面重试。';
  return { signIn: 'local' } as const;
});
const oidc = config.signIn === 'oidc' ? await startOidc(config) : null;
signInProblem ??= oidc?.problem ?? null;

function useSession(): Session | null {
  const [s, setS] = useState(session);
  useEffect(() => onSessionChange(() => setS(session())), []);
  return s;
}

function App() {
  const s = useSession();
  const route = useRoute();
  useEffect(() => {
    document.title = s ? `防返贫监测 · ${levelName[s.role]} ${s.unit}` : '防返贫监测 · 登录';
  }, [s]);
  if (!s)
    return (
      <SignInPage problem={signOutReason() ?? signInProblem} signInRedirect={oidc?.signInRedirect ?? null} />
    );
  const household = /^\/households\/([^/]+)$/.exec(route.path);
  const unit = /^\/units\/(\d{6}|\d{9}|\d{12})$/.exec(route.path);
  return (
    <>
      <header class="bar">
        <a href="#/" class="home">
          防返贫监测
        </a>
        <span class="who">
          {levelName[s.role]}级 · {s.unit}
        </span>
        <button
          type="button"
          class="link"
          onClick={() => {
            location.hash = '#/';
            dropAllDrafts();
            endSession();
          }}
        >
          退出
        </button>
      </header>
      <main id="main">
        {household ? (
          <HouseholdPage id={decodeURIComponent(household[1]!)} session={s} />
        ) : (
          <UnitPage code={unit ? unit[1]! : s.unit} session={s} query={route.query} />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
