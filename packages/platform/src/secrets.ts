// Per-deployment secrets: from the environment in production, generated once into the data folder
// for the embedded default so that every process of one deployment (and `npm run token`) agrees.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function loadOrCreateSecret(envVariable: string, fileName: string, env = process.env): string {
  const fromEnv = env[envVariable];
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error(`${envVariable} must be at least 32 characters long.`);
    return fromEnv;
  }
  const path = join(env.DATA_DIR ?? ".data", fileName);
  mkdirSync(dirname(path), { recursive: true });
  // Written whole to a temporary file, then linked into place: of several processes starting at
  // once exactly one link succeeds, and nobody ever reads a half-written secret.
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, randomBytes(32).toString("base64url"), { mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(draft);
  }
  const secret = readFileSync(path, "utf8").trim();
  if (secret.length < 32) throw new Error(`${path} holds no usable secret; delete it to have a new one made.`);
  return secret;
}
