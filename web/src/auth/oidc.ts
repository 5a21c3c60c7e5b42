// Production sign-in: OpenID Connect authorization code flow with PKCE (oidc-client-ts). The
// provider's access token is the token the API verifies (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE);
// only a one-time code passes through the URL, never a token. Loaded only when the gateway says so.
import { UserManager, WebStorageStateStore } from "oidc-client-ts";
import type { AppConfig } from "./session";

let manager: UserManager | null = null;

function userManager(config: AppConfig): UserManager {
  if (!config.oidc) throw new Error("No OpenID Connect provider is configured.");
  manager ??= new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    redirect_uri: `${location.origin}/signed-in`,
    post_logout_redirect_uri: `${location.origin}/`,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  return manager;
}

export const signInWithProvider = (config: AppConfig) => userManager(config).signinRedirect();

/** On /signed-in: trades the code for tokens and answers the access token. */
export async function completeSignIn(config: AppConfig): Promise<string> {
  const user = await userManager(config).signinRedirectCallback();
  return user.access_token;
}

export const signOutOfProvider = (config: AppConfig) => userManager(config).signoutRedirect();
