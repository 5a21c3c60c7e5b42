// The web apps (web/, built to web/dist) served at / beside /graphql: their files, the sign-in
// settings the pages read at start (/app-config.json), and, outside production, the development
// sign-in that mints a demo account's token. The token is answered in a POST body, never a URL.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { HttpRequest, HttpResponse, RequestHandler } from "@grassroots/platform";
import compression from "compression";
import express from "express";

export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** A demo account the development sign-in offers: the claims its token carries and what it does. */
export interface DemoAccount {
  sub: string;
  role: string;
  scope?: string;
  place?: string;
  does: string;
}

export interface WebAppOptions {
  /** The built pages; default web/dist. When they are missing, / says how to build them. */
  dir?: string;
  /** Production: the OpenID Connect provider the pages sign in with (its tokens are the ones the API verifies). */
  oidc?: { authority: string; clientId: string; scope: string };
  /** Development only: the accounts offered, and how their tokens are signed. */
  devSignIn?: { accounts: readonly DemoAccount[]; sign: (claims: Record<string, unknown> & { sub: string }) => Promise<string> };
}

// What the pages may load: their own files, the API beside them, and the identity provider.
const contentSecurityPolicy = (oidcAuthority?: string) =>
  [
    "default-src 'self'",
    `connect-src 'self'${oidcAuthority ? ` ${new URL(oidcAuthority).origin}` : ""}`,
    "img-src 'self' data:",
    // Chart libraries and React style attributes set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");

/**
 * Whether the gateway offers the demo accounts' sign-in: never in production or beside an identity
 * provider; `on` or `off` as DEV_SIGN_IN says; by default (`auto`) only on a loopback address, so a
 * server someone forgot to mark NODE_ENV=production and opened to a network offers no admin tokens.
 */
export function developmentSignInAllowed(settings: {
  nodeEnv: string;
  host: string;
  oidc: boolean;
  setting: "auto" | "on" | "off";
}): boolean {
  if (settings.nodeEnv === "production" || settings.oidc || settings.setting === "off") return false;
  return settings.setting === "on" || ["127.0.0.1", "::1", "localhost"].includes(settings.host);
}

/** A person with no role yet (registers a partner organisation, accepts an invitation): any short name. */
const PERSON_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u;

export function webApp(options: WebAppOptions): RequestHandler {
  const dir = resolve(options.dir ?? DEFAULT_WEB_DIR);
  const router = express.Router();
  const csp = contentSecurityPolicy(options.oidc?.authority);
  // Never beside a real identity provider: a deployment with OIDC signs in there only.
  const devSignIn = options.oidc ? undefined : options.devSignIn;
  // Phones on slow networks: the pages' files go gzipped (GraphQL answers are not compressed here).
  router.use(compression());

  router.get("/app-config.json", (_request, response) => {
    response.setHeader("cache-control", "no-store");
    response.json(
      options.oidc
        ? { signIn: "oidc", oidc: options.oidc }
        : {
            signIn: devSignIn ? "development" : "none",
            accounts: devSignIn?.accounts.map(({ sub, role, does }) => ({ sub, role, does })) ?? [],
          },
    );
  });

  if (devSignIn) {
    router.post("/dev/sign-in", express.json({ limit: "2kb" }), async (request: HttpRequest, response: HttpResponse) => {
      const { user, person } = (request.body ?? {}) as { user?: unknown; person?: unknown };
      const account = devSignIn.accounts.find((candidate) => candidate.sub === user);
      if (account) {
        const { does: _does, ...claims } = account;
        response.setHeader("cache-control", "no-store");
        response.json({ token: await devSignIn.sign(claims) });
      } else if (typeof person === "string" && PERSON_NAME.test(person.trim())) {
        response.setHeader("cache-control", "no-store");
        response.json({ token: await devSignIn.sign({ sub: `person-${person.trim().toLowerCase().replace(/\s+/g, "-")}` }) });
      } else {
        response.status(400).json({
          errors: [
            {
              message: "Pick one of the demo accounts, or give a name of 1 to 40 letters or digits.",
              extensions: { code: "BAD_USER_INPUT", field: user === undefined ? "person" : "user" },
            },
          ],
        });
      }
    });
  }

  // Hashed bundles never change; everything else is checked again on each visit.
  router.use(
    express.static(dir, {
      index: false,
      setHeaders: (response, path) => {
        response.setHeader(
          "cache-control",
          path.includes(`${join(dir, "assets")}`) ? "public, max-age=31536000, immutable" : "no-cache",
        );
        response.setHeader("x-content-type-options", "nosniff");
        // /index.html asked by name is the same page as any route: the same policy.
        if (path.endsWith(".html")) response.setHeader("content-security-policy", csp);
      },
    }),
  );

  // Any other page the browser asks for is the app's: it routes on the client.
  const indexFile = join(dir, "index.html");
  router.get(/^\/(?!graphql|health|metrics|open-data|assets\/).*/, (request, response, next) => {
    if (!request.accepts("html")) return next();
    if (!existsSync(indexFile)) {
      response
        .status(503)
        .type("text")
        .send("The web app is not built: run `npm run build -w @grassroots/web` (npm start does).");
      return;
    }
    response.setHeader("cache-control", "no-cache");
    response.setHeader("content-security-policy", csp);
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("referrer-policy", "no-referrer");
    response.sendFile(indexFile);
  });
  return router;
}
