import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/server/env";

export type SecretKey = { key: Buffer; id: string };

let cached: { source: string; value: SecretKey } | undefined;

/**
 * The 32-byte key that encrypts project secrets at rest. TUNEBENCH_SECRET_KEY (64 hex characters
 * or base64 of 32 bytes) wins; without it a random key is created once in `secret-key` next to the
 * data folder with mode 0600 and kept, so no two installations share a key. Losing that file
 * makes the stored secrets unreadable (they must be entered again), so back it up with the data.
 */
export function secretKey(env: Record<string, string | undefined> = process.env): SecretKey {
  const configured = env.TUNEBENCH_SECRET_KEY;
  const source = configured ? `env:${configured}` : `file:${keyFile(env)}`;
  if (cached?.source === source) return cached.value;
  const key = configured ? parseKey(configured) : readOrCreateKeyFile(keyFile(env));
  const value = { key, id: createHash("sha256").update(key).digest("hex").slice(0, 8) };
  cached = { source, value };
  return value;
}

/** The key in use, without creating one (backups record its id and copy its file); null when
 *  there is none yet. `file` is null when the key comes from TUNEBENCH_SECRET_KEY. */
export function currentSecretKey(
  env: Record<string, string | undefined> = process.env,
): { id: string; file: string | null } | null {
  if (env.TUNEBENCH_SECRET_KEY) return { id: secretKey(env).id, file: null };
  const file = keyFile(env);
  return existsSync(file) ? { id: secretKey(env).id, file } : null;
}

export function keyFile(env: Record<string, string | undefined> = process.env): string {
  return path.join(path.dirname(path.resolve(getEnv(env).TUNEBENCH_DATA_DIR)), "secret-key");
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) {
    throw new Error(
      "TUNEBENCH_SECRET_KEY must be 32 bytes: 64 hex characters or base64 (e.g. `openssl rand -base64 32`).",
    );
  }
  return key;
}

function readOrCreateKeyFile(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": two processes starting at once must not both write a key; the loser reads the winner's.
      writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) {
    throw new Error(
      `${file} holds the key to the stored secrets and must be readable by its owner only: chmod 600 ${file}`,
    );
  }
  return parseKey(readFileSync(file, "utf8"));
}
