import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, parseConfig, processConfig, subgraphConfig, wholeNumber } from "./config";

const blocks = subgraphConfig("blocks", {
  seedScales: ["demo", "test"],
  extra: { SWEEP_INTERVAL_MS: wholeNumber(1000, 10_000).default(5000) },
});
const secrets = { AUTH_SECRET: "a".repeat(32), GATEWAY_SECRET: "g".repeat(32) };

function problems(schema: Parameters<typeof parseConfig>[1], env: Record<string, string>): string[] {
  try {
    parseConfig("test process", schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("the configuration was accepted");
}

describe("a subgraph's configuration", () => {
  it("has defaults for everything outside production, and seeds the embedded database", () => {
    expect(parseConfig("blocks", blocks, {})).toMatchObject({
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      GATEWAY_PORT: 4000,
      DATA_DIR: ".data",
      SHUTDOWN_GRACE_MS: 10_000,
      HEALTH_TIMEOUT_MS: 1000,
      DATABASE_POOL_SIZE: 10,
      SEED_SCALE: "demo",
      SWEEP_INTERVAL_MS: 5000,
      databaseUrl: undefined,
      seed: true,
    });
  });

  it("seeds a PostgreSQL database, or any in production, only when SEED=demo asks", () => {
    const url = "postgresql://user:pass@db:5432/blocks";
    expect(parseConfig("blocks", blocks, { DATABASE_URL_BLOCKS: url })).toMatchObject({ databaseUrl: url, seed: false });
    expect(parseConfig("blocks", blocks, { DATABASE_URL_BLOCKS: url, SEED: "demo" }).seed).toBe(true);
    expect(parseConfig("blocks", blocks, { SEED: "none" }).seed).toBe(false);
    expect(parseConfig("blocks", blocks, { NODE_ENV: "production", ...secrets }).seed).toBe(false);
    expect(parseConfig("blocks", blocks, { NODE_ENV: "production", SEED: "demo", ...secrets }).seed).toBe(true);
  });

  it("reads a read replica's URL beside a PostgreSQL primary, never alone or of another kind", () => {
    const url = "postgresql://user:pass@db:5432/blocks";
    const read = "postgresql://user:pass@db-replica:5432/blocks";
    expect(parseConfig("blocks", blocks, { DATABASE_URL_BLOCKS: url, DATABASE_READ_URL_BLOCKS: read })).toMatchObject({
      databaseUrl: url,
      databaseReadUrl: read,
    });
    expect(parseConfig("blocks", blocks, { DATABASE_URL_BLOCKS: url }).databaseReadUrl).toBeUndefined();
    expect(problems(blocks, { DATABASE_READ_URL_BLOCKS: read })).toEqual([
      "DATABASE_READ_URL_BLOCKS needs DATABASE_URL_BLOCKS: a read replica is of a PostgreSQL primary, not of the embedded database; got a value of 45 characters",
    ]);
    expect(problems(blocks, { DATABASE_URL_BLOCKS: url, DATABASE_READ_URL_BLOCKS: "mysql://db/blocks" })).toEqual([
      "DATABASE_READ_URL_BLOCKS must be a postgresql:// URL; got a value of 17 characters",
    ]);
  });

  it("reads numbers, addresses and the others' variables, an empty one as unset", () => {
    const config = parseConfig("blocks", blocks, {
      HOST: "0.0.0.0",
      GATEWAY_PORT: "5000",
      SHUTDOWN_GRACE_MS: "",
      DATABASE_POOL_SIZE: "25",
      SUBGRAPH_URL_RESIDENTS: "http://residents.internal:8080/graphql",
    });
    expect(config).toMatchObject({ HOST: "0.0.0.0", GATEWAY_PORT: 5000, SHUTDOWN_GRACE_MS: 10_000, DATABASE_POOL_SIZE: 25 });
    expect(config.SUBGRAPH_URL_RESIDENTS).toBe("http://residents.internal:8080/graphql");
  });

  it("names every bad variable at once and what it must be, never echoing secrets or database URLs", () => {
    const found = problems(blocks, {
      HOST: "not a host",
      GATEWAY_PORT: "65535",
      SEED: "off",
      SEED_SCALE: "huge",
      SWEEP_INTERVAL_MS: "10ms",
      AUTH_SECRET: "short-secret",
      DATABASE_URL_BLOCKS: "mysql://user:hunter2@db/blocks",
    });
    expect(found).toEqual([
      expect.stringMatching(/^HOST must be an address to listen on: .*; got "not a host"$/),
      'GATEWAY_PORT must be a whole number from 1 to 65530; got "65535"',
      "AUTH_SECRET must be at least 32 characters long (the HS256 token secret); got a value of 12 characters",
      "DATABASE_URL_BLOCKS must be a postgresql:// URL; got a value of 30 characters",
      'SEED must be one of demo, none; got "off"',
      'SEED_SCALE must be one of demo, test; got "huge"',
      'SWEEP_INTERVAL_MS must be a whole number from 1000 to 10000; got "10ms"',
    ]);
    expect(found.join("\n")).not.toMatch(/short-secret|hunter2/);
  });

  it("requires both secrets in production, never generating them", () => {
    expect(problems(blocks, { NODE_ENV: "production", GATEWAY_PORT: "x" })).toEqual([
      'GATEWAY_PORT must be a whole number from 1 to 65530; got "x"',
      "GATEWAY_SECRET is required when NODE_ENV=production (at least 32 characters)",
      expect.stringMatching(/^AUTH_SECRET or AUTH_JWKS_URL is required when NODE_ENV=production/),
    ]);
    expect(parseConfig("blocks", blocks, { NODE_ENV: "production", ...secrets }).NODE_ENV).toBe("production");
    const jwks = { NODE_ENV: "production", GATEWAY_SECRET: secrets.GATEWAY_SECRET, AUTH_JWKS_URL: "https://idp.example/jwks" };
    expect(parseConfig("blocks", blocks, jwks).AUTH_JWKS_URL).toBe(jwks.AUTH_JWKS_URL);
  });
});

describe("a process with secrets of its own", () => {
  const sealing = subgraphConfig("residents", {
    seedScales: ["demo"],
    extra: { SEALING_KEY: z.string().min(32).optional() },
    rules: { productionSecrets: { SEALING_KEY: "it seals things" } },
  });

  it("requires them in production, listed with the shared ones, and not elsewhere", () => {
    expect(problems(sealing, { NODE_ENV: "production", GATEWAY_SECRET: secrets.GATEWAY_SECRET })).toEqual([
      expect.stringMatching(/^AUTH_SECRET or AUTH_JWKS_URL is required/),
      "SEALING_KEY is required when NODE_ENV=production (at least 32 characters; it seals things)",
    ]);
    expect(parseConfig("residents", sealing, { NODE_ENV: "production", ...secrets, SEALING_KEY: "k".repeat(32) })).toMatchObject({
      SEALING_KEY: "k".repeat(32),
    });
    expect(parseConfig("residents", sealing, {}).SEALING_KEY).toBeUndefined();
  });
});

describe("a process that asks other subgraphs", () => {
  const gateway = processConfig({ GATEWAY_MAX_COST: wholeNumber(1, 1_000_000).default(100_000) }, { usesDirectory: true });

  it("needs SERVICE_TOKEN when tokens come from an identity provider", () => {
    expect(problems(gateway, { AUTH_JWKS_URL: "https://idp.example/jwks" })).toEqual([
      "SERVICE_TOKEN is required with AUTH_JWKS_URL: this process asks other subgraphs with it",
    ]);
    expect(parseConfig("gateway", gateway, { AUTH_JWKS_URL: "https://idp.example/jwks", SERVICE_TOKEN: "t" })).toMatchObject({
      GATEWAY_MAX_COST: 100_000,
      SERVICE_TOKEN: "t",
    });
  });
});
