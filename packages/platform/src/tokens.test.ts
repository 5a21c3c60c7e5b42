// Production tokens come from an identity provider's key set (JWKS): verified the same way.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, secretsMatch, signToken } from "./tokens";

let server: Server;
let jwksUrl: string;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

beforeAll(async () => {
  const keys = await generateKeyPair("RS256");
  privateKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  server = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const settings = () => ({ jwksUrl, issuer: "https://idp.example", audience: "grassroots-graph" });
const sign = (claims: Record<string, unknown>, issuer = "https://idp.example", expires = "5m") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setSubject("officer-7")
    .setIssuer(issuer)
    .setAudience("grassroots-graph")
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(privateKey);

describe("tokens", () => {
  it("verifies an identity provider's RS256 token against its JWKS", async () => {
    const verify = createTokenVerifier(settings());
    const claims = await verify(`Bearer ${await sign({ role: "street_officer", scope: "310105001" })}`);
    expect(claims).toMatchObject({ sub: "officer-7", role: "street_officer", scope: "310105001" });
  });

  it("refuses another issuer, an expired token and an HS256 token in JWKS mode", async () => {
    const verify = createTokenVerifier(settings());
    await expect(verify(`Bearer ${await sign({ role: "admin" }, "https://other.example")}`)).rejects.toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
    });
    await expect(verify(`Bearer ${await sign({ role: "admin" }, "https://idp.example", "-1m")}`)).rejects.toThrow(/expired/);
    const hs = await signToken(
      { sub: "x", role: "admin" },
      { secret: "s".repeat(40), issuer: "https://idp.example", audience: "grassroots-graph" },
    );
    await expect(verify(`Bearer ${hs}`)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("answers null without a header, and compares secrets whatever their length", async () => {
    expect(await createTokenVerifier(settings())(undefined)).toBeNull();
    expect(secretsMatch("abc", "abc")).toBe(true);
    expect(secretsMatch("abc", "abcd")).toBe(false);
    expect(secretsMatch(undefined, "abc")).toBe(false);
  });
});
