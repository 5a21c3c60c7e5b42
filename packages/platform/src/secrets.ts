// Per-deployment secrets: from the environment in production, generated once into the data folder
// for the embedded default so that every process of one deployment (and `npm run token`) agrees.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function loadOrCreateSecret(envVariable: string, fileName: string, env = process.env): string {
  const fromEnv = env[envVariable];
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error(`${envVariable} must be at least 32 characters long.`);
    return fromEnv;
  }
  const path = join(env.DATA_DIR ?? ".data", fileName);
  mkdirSync(dirname(path), { recursive: true });
  try {
    // "wx": of several processes starting at once, exactly one writes; the others read its secret.
    writeFileSync(path, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(path, "utf8").trim();
}
