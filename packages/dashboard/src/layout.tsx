// The frame around every screen: sign-in when signed out, the refused-token screen, and the
// navigation with the screen below it.
import { Link, Outlet, useRouter } from "@tanstack/react-router";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useOrganization } from "./api.js";
import { type Session, SignInError, useSessionState } from "./session.js";
import { ErrorNotice } from "./ui.js";

/**
 * Once another screen shows, focus goes to its heading (the main region while the heading is
 * still loading), as screen readers and keyboards expect of a new page: it would stay on the
 * link followed, or on <body>. A list's filters (the search part of the address) move nothing.
 */
function useFocusOnNewScreen() {
  const router = useRouter();
  useEffect(
    () =>
      router.subscribe("onRendered", (event) => {
        // The first screen of a page load: the browser's own start (the skip link first).
        if (!event.fromLocation || !event.pathChanged) return;
        const main = document.getElementById("main");
        const heading = main?.querySelector<HTMLElement>("h1");
        if (heading) {
          heading.tabIndex = -1;
          heading.focus();
        } else {
          main?.focus();
        }
      }),
    [router],
  );
}

export function Layout() {
  const { session, refused, signOut } = useSessionState();
  useFocusOnNewScreen();
  if (!session) return <SignIn />;
  if (refused) return <Refused onSignOut={() => signOut()} />;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header session={session} onSignOut={() => signOut()} />
      <nav className="nav" aria-label="Screens">
        <Link to="/" activeOptions={{ exact: true }}>
          Overview
        </Link>
        <Link to="/products">Products</Link>
        <Link to="/policies">Policies</Link>
        <Link to="/licenses">Licenses</Link>
        <Link to="/machines">Machines</Link>
        {session.kind === "admin" ? <Link to="/users">Users</Link> : null}
        <Link to="/entitlements">Entitlements</Link>
        {session.kind === "admin" ? <Link to="/handshake-codes">Handshake codes</Link> : null}
        <Link to="/trials">Trials</Link>
        <Link to="/usage">Usage</Link>
        {session.kind === "admin" ? <Link to="/events">Events</Link> : null}
        {session.kind === "admin" ? <Link to="/audit-log">Audit log</Link> : null}
        <Link to="/signing-keys">Signing keys</Link>
        {session.kind === "admin" ? <Link to="/offline-keys">Offline keys</Link> : null}
        {session.kind === "admin" ? <Link to="/tokens">Tokens</Link> : null}
        {session.kind === "admin" ? <Link to="/webhooks">Webhooks</Link> : null}
        {session.kind === "admin" ? <Link to="/organization">Organization</Link> : null}
      </nav>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** The organization's name (as renamed since the sign-in), the token's kind, sign-out. */
function Header(props: { session: Session; onSignOut(): void }) {
  const organization = useOrganization();
  return (
    <header className="top">
      <span className="brand">Keyward</span>
      <span className="who">
        {organization.data?.name ?? props.session.organization.name} ·{" "}
        {props.session.readOnly ? "read-only " : ""}
        {props.session.kind} token
      </span>
      <button type="button" className="secondary" onClick={props.onSignOut}>
        Sign out
      </button>
    </header>
  );
}

function SignIn() {
  const { signIn, notice } = useSessionState();
  const [token, setToken] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <h1>Keyward admin</h1>
      {notice ? (
        <p className="notice ok" role="status">
          {notice}
        </p>
      ) : null}
      <p>Sign in with an admin token, or a product token to manage one product.</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="token">API token</label>
          <input
            id="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={token}
            aria-invalid={error ? true : undefined}
            aria-describedby="token-hint"
            onChange={(event) => setToken(event.target.value)}
          />
          <span className="hint" id="token-hint">
            Kept in this browser tab only, until you sign out or close it.
          </span>
        </div>
        {error instanceof SignInError ? (
          <div className="notice error" role="alert">
            {error.message}
          </div>
        ) : error ? (
          <ErrorNotice error={error} what="Could not sign in" />
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

function Refused(props: { onSignOut(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main id="main" className="signin">
      <h1 ref={heading} tabIndex={-1}>
        Your token no longer works
      </h1>
      <p role="alert">
        The server refused the token this tab signed in with: it was revoked or it expired. Sign in
        again with a valid admin or product token.
      </p>
      <button type="button" onClick={props.onSignOut}>
        Sign in again
      </button>
    </main>
  );
}

export function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no screen at this address. <Link to="/">Go to the overview</Link>.
      </p>
    </section>
  );
}
