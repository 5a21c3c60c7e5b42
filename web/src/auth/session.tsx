// The signed-in person's token, kept for this browser tab (sessionStorage: gone when the tab is
// closed, never in a URL), with their claims. Signing in is the development picker (demo accounts,
// outside production) or the OpenID Connect provider (src/auth/oidc.ts), as /app-config.json says.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { setTokenSource } from "../api/client";
import { type Viewer, viewerOf } from "./claims";

const TOKEN_KEY = "grassroots.token";

export interface AppConfig {
  signIn: "development" | "oidc" | "none";
  accounts?: { sub: string; role: string; does: string }[];
  oidc?: { authority: string; clientId: string; scope: string };
}

interface Session {
  config: AppConfig | null;
  token: string | null;
  viewer: Viewer | null;
  signInWith(token: string): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

function storedToken(): string | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const viewer = token ? viewerOf(token) : null;
  return viewer && viewer.expiresAt > Date.now() ? token : null;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(storedToken);
  const queryClient = useQueryClient();
  const [config, setConfig] = useState<AppConfig | null>(null);

  useEffect(() => {
    fetch("/app-config.json")
      .then((response) => response.json() as Promise<AppConfig>)
      .then(setConfig, () => setConfig({ signIn: "none" }));
  }, []);

  // With nobody signed in at start (a session that ended without signing out), no resident's
  // address the staff app kept stays on the device.
  useEffect(() => {
    if (!storedToken()) void import("../staff/store").then(({ forgetAllHouseholds }) => forgetAllHouseholds()).catch(() => {});
  }, []);

  const signOut = useCallback(() => {
    const leaving = token ? viewerOf(token) : null;
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    // Nothing the person saw stays in the page's cache for whoever signs in next in this tab.
    queryClient.clear();
    // What the staff app kept of residents leaves the device with the person, before any redirect.
    const forgotten = leaving
      ? import("../staff/store").then(({ forgetOnSignOut }) => forgetOnSignOut(leaving.sub)).catch(() => {})
      : Promise.resolve();
    if (config?.signIn === "oidc") {
      void forgotten.then(() => import("./oidc")).then(({ signOutOfProvider }) => signOutOfProvider(config));
    }
  }, [config, token, queryClient]);

  const signInWith = useCallback(
    (next: string) => {
      queryClient.clear();
      sessionStorage.setItem(TOKEN_KEY, next);
      setToken(next);
    },
    [queryClient],
  );

  // Every request carries the token; an UNAUTHENTICATED answer (expired, revoked) signs out.
  setTokenSource(() => token, signOut);

  const session = useMemo<Session>(
    () => ({ config, token, viewer: token ? viewerOf(token) : null, signInWith, signOut }),
    [config, token, signInWith, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** The signed-in person; pages under RequireSignIn may rely on it. */
export function useViewer(): Viewer {
  const { viewer } = useSession();
  if (!viewer) throw new Error("useViewer outside a signed-in page");
  return viewer;
}
