// Who is signed in: the token lives in this tab's sessionStorage (never localStorage: it ends
// with the tab, and other tabs and later visitors of the machine do not get it).
import {
  createKeywardClient,
  KeywardApiError,
  type KeywardClient,
  KeywardNetworkError,
} from "@keyward/client";
import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";

const STORAGE_KEY = "keyward.dashboard.token";

export type TokenKind = "admin" | "product";

export interface Session {
  token: string;
  kind: TokenKind;
  /** A product token's product; null for an admin token. */
  productId: string | null;
  /** A read-only token (scope read): the API refuses its every change. */
  readOnly: boolean;
  /** The token's id (tok_…), to tell it in the Tokens list: "this dashboard's token". */
  tokenId: string | null;
  client: KeywardClient;
  organization: { id: string; name: string };
}

interface SessionState {
  session: Session | null;
  /** Set when the API refused the token (revoked or expired) while signed in. */
  refused: boolean;
  /** Why the last sign-out happened, when the dashboard did it (said on the sign-in screen). */
  notice: string | null;
  signIn(token: string): Promise<void>;
  signOut(notice?: string): void;
}

const SessionContext = createContext<SessionState | null>(null);

/** The token's kind from its prefix (kw_<kind>_…); the API decides what it may do. */
function tokenKind(token: string): TokenKind | null {
  return (/^kw_(admin|product)_/.exec(token)?.[1] as TokenKind | undefined) ?? null;
}

export class SignInError extends Error {}

/** Checks the token against the API (GET /v1/tokens/current) and returns the session. */
export async function openSession(token: string): Promise<Session> {
  const trimmed = token.trim();
  if (tokenKind(trimmed) === null) {
    throw new SignInError(
      "This is not an admin or product token: they start with kw_admin_ or kw_product_.",
    );
  }
  const client = createKeywardClient({ url: location.origin, token: trimmed });
  try {
    // The API says what the token is and, for a product token, its product.
    const { data: current } = await client.GET("/v1/tokens/current");
    if (current.kind === "license") {
      throw new SignInError("A license token cannot sign in: use an admin or product token.");
    }
    const { data } = await client.GET("/v1/organization");
    return {
      token: trimmed,
      kind: current.kind,
      productId: current.kind === "product" ? current.productId : null,
      readOnly: current.scope === "read",
      tokenId: current.token?.id ?? null,
      client,
      organization: { id: data.id, name: data.name },
    };
  } catch (error) {
    if (error instanceof KeywardApiError && error.status === 401) {
      throw new SignInError("The server does not accept this token (unknown, revoked or expired).");
    }
    throw error;
  }
}

export function SessionProvider(props: { initial: Session | null; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState(props.initial);
  const [refused, setRefused] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // Any call answered 401 while signed in: the token was revoked or expired meanwhile.
  useEffect(() => {
    const refusal = (event: { type: string; action?: { type: string; error?: unknown } }) => {
      const error = event.action?.type === "error" ? event.action.error : undefined;
      if (error instanceof KeywardApiError && error.status === 401) setRefused(true);
    };
    const unsubscribeQueries = queryClient
      .getQueryCache()
      .subscribe((event) => refusal(event as Parameters<typeof refusal>[0]));
    const unsubscribeMutations = queryClient
      .getMutationCache()
      .subscribe((event) => refusal(event as Parameters<typeof refusal>[0]));
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);

  const signIn = useCallback(
    async (token: string) => {
      const opened = await openSession(token);
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: opened.token }));
      queryClient.clear();
      setSession(opened);
      setRefused(false);
      setNotice(null);
    },
    [queryClient],
  );
  const signOut = useCallback(
    (why?: string) => {
      sessionStorage.removeItem(STORAGE_KEY);
      queryClient.clear();
      setSession(null);
      setRefused(false);
      setNotice(why ?? null);
    },
    [queryClient],
  );

  const value = useMemo(
    () => ({ session, refused, notice, signIn, signOut }),
    [session, refused, notice, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSessionState outside SessionProvider");
  return state;
}

/** The signed-in session; screens render only inside the signed-in layout. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error("useSession without a signed-in session");
  return session;
}

/**
 * Whether the token may change anything: a read-only token (scope read) is refused every call
 * but GET (403 TOKEN_READ_ONLY), so the dashboard offers it no control that calls one. The one
 * place that decides it; FormPanel, AskFirst and the tables' action columns ask it themselves,
 * and Writable wraps the other write controls.
 */
export function useCanWrite(): boolean {
  return !useSession().readOnly;
}

/** Its children for a token that may change things (useCanWrite); nothing for a read-only one. */
export function Writable(props: { children: ReactNode }) {
  return useCanWrite() ? props.children : null;
}

/** The token kept by this tab, if any (checked again against the API at start). */
export async function restoreSession(): Promise<Session | null> {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (stored === null) return null;
  try {
    const { token } = JSON.parse(stored) as { token: string };
    return await openSession(token);
  } catch (error) {
    // A refused token is forgotten; an unreachable server keeps it for the next load.
    if (!(error instanceof KeywardNetworkError)) sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }
}
