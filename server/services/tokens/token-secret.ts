import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "tb_";

/** 32 random bytes; only their sha256 is stored, so a database leak yields no usable token. */
export function newTokenSecret(): { secret: string; prefix: string; hash: string } {
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return {
    secret,
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    hash: hashTokenSecret(secret),
  };
}

// A fast hash is right here: the secret has 256 bits of entropy, so nothing can be brute-forced.
export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
