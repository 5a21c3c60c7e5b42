// The gateway's web side (gateway/src/web-app.ts): the pages at / with their security headers, the
// sign-in settings, and the development sign-in, which answers a demo account's token in a POST
// body and never exists beside an identity provider.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_USERS } from "@grassroots/demo-district";
import { developmentSignInAllowed } from "@grassroots/gateway/web-app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";

let graph: RunningGraph;
let origin: string;
const webDir = mkdtempSync(join(tmpdir(), "grassroots-web-test-"));

beforeAll(async () => {
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>app</title>");
  mkdirSync(join(webDir, "assets"));
  writeFileSync(join(webDir, "assets", "main-abc123.js"), `console.log(${JSON.stringify("x".repeat(5000))});`);
  graph = await startGraph({ webDir });
  origin = graph.url.replace(/\/graphql$/, "");
});
afterAll(async () => {
  await graph?.close();
  rmSync(webDir, { recursive: true, force: true });
});

/** A JSON body, as the tests read it. */
const json = (response: Response): Promise<any> => response.json();

const signIn = (body: unknown) =>
  fetch(`${origin}/dev/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the web apps at /", () => {
  it("serves the app for any page the browser asks for, with its security headers", async () => {
    for (const path of ["/", "/dashboard/place/310105001", "/cases/abc?status=OPEN"]) {
      const response = await fetch(`${origin}${path}`, { headers: { accept: "text/html" } });
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain("<title>app</title>");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it("serves hashed assets gzipped and cached for good, and answers 404 for a missing one", async () => {
    const asset = await fetch(`${origin}/assets/main-abc123.js`, { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const missing = await fetch(`${origin}/assets/nothing.js`, { headers: { accept: "text/html" } });
    expect(missing.status).toBe(404);
  });

  it("leaves the API's own paths to the API", async () => {
    const health = await fetch(`${origin}/health/live`);
    expect(await health.json()).toEqual({ status: "ok" });
    const unknown = await fetch(`${origin}/graphqlx`, { headers: { accept: "application/json" } });
    expect(unknown.status).toBe(404);
  });

  it("tells the pages to offer the demo accounts, without their claims", async () => {
    const config = await json(await fetch(`${origin}/app-config.json`));
    expect(config.signIn).toBe("development");
    expect(config.accounts.map((account: { sub: string }) => account.sub)).toEqual(DEMO_USERS.map((user) => user.sub));
    expect(JSON.stringify(config)).not.toContain("scope");
  });
});

describe("the development sign-in", () => {
  it("is offered only outside production, without an identity provider, on a loopback address unless DEV_SIGN_IN=on", () => {
    const allowed = (nodeEnv: string, host: string, setting: "auto" | "on" | "off", oidc = false) =>
      developmentSignInAllowed({ nodeEnv, host, setting, oidc });
    expect(allowed("development", "127.0.0.1", "auto")).toBe(true);
    expect(allowed("development", "::1", "auto")).toBe(true);
    expect(allowed("development", "0.0.0.0", "auto")).toBe(false);
    expect(allowed("development", "10.0.0.5", "auto")).toBe(false);
    expect(allowed("development", "0.0.0.0", "on")).toBe(true);
    expect(allowed("development", "127.0.0.1", "off")).toBe(false);
    expect(allowed("production", "127.0.0.1", "on")).toBe(false);
    expect(allowed("development", "127.0.0.1", "on", true)).toBe(false);
  });

  it("answers a demo account's token in the body, which the API accepts as that account", async () => {
    const response = await signIn({ user: "demo-street-officer" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { token } = await json(response);
    const answer = await fetch(graph.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ myNotifications(first: 1) { unreadCount } }" }),
    });
    const body = await json(answer);
    expect(body.errors).toBeUndefined();
    expect(body.data.myNotifications.unreadCount).toBeGreaterThan(0);
  });

  it("signs a new person in without a role", async () => {
    const { token } = await json(await signIn({ person: "Alice Wang" }));
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    expect(claims.sub).toBe("person-alice-wang");
    expect(claims.role).toBeUndefined();
  });

  it.each([
    [{ user: "demo-nobody" }, "user"],
    [{ user: 42 }, "user"],
    [{ person: "" }, "person"],
    [{ person: "<script>" }, "person"],
    [{ person: "x".repeat(41) }, "person"],
    [{}, "person"],
  ])("refuses %j with BAD_USER_INPUT on %s", async (body, field) => {
    const response = await signIn(body);
    expect(response.status).toBe(400);
    const { errors } = await json(response);
    expect(errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", field });
  });

  it("does not exist beside an identity provider", async () => {
    const gateway = await graph.startOwnGateway({
      port: 0,
      web: {
        dir: webDir,
        oidc: { authority: "https://id.example.org/realms/district", clientId: "grassroots-web", scope: "openid" },
        devSignIn: { accounts: DEMO_USERS, sign: async () => "never" },
      },
    });
    try {
      const own = gateway.url.replace(/\/graphql$/, "");
      const config = await json(await fetch(`${own}/app-config.json`));
      expect(config).toEqual({
        signIn: "oidc",
        oidc: { authority: "https://id.example.org/realms/district", clientId: "grassroots-web", scope: "openid" },
      });
      const page = await fetch(`${own}/`, { headers: { accept: "text/html" } });
      expect(page.headers.get("content-security-policy")).toContain("connect-src 'self' https://id.example.org");
      const response = await fetch(`${own}/dev/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ user: "demo-admin" }),
      });
      expect(response.status).toBe(404);
    } finally {
      await gateway.close();
    }
  });
});
