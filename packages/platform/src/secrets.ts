// Per-deployment secrets: from the environment in production, generated once into the data folder
// for the embedded default so that every process of one deployment (and `npm run token`) agrees.
// With NODE_ENV=production a secret is never generated: a process without one refuses to start.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface SecretStore {
  /** Where generated secrets are kept (DATA_DIR). */
  dataDir: string;
  /** NODE_ENV=production: never generate. */
  production: boolean;
}

export function loadOrCreateSecret(envVariable: string, given: string | undefined, fileName: string, store: SecretStore): string {
  if (given) {
    if (given.length < 32) throw new Error(`${envVariable} must be at least 32 characters long.`);
    return given;
  }
  if (store.production) throw new Error(`${envVariable} is required when NODE_ENV=production; it is never generated there.`);
  const path = join(store.dataDir, fileName);
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
