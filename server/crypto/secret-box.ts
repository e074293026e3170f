import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { type SecretKey, secretKey } from "./key";

// Envelope: "v1.<key id>.<iv>.<ciphertext+tag>" (base64url). AES-256-GCM with a random 96-bit IV
// per message. `context` is bound as additional authenticated data, so a ciphertext copied into
// another row (another project, another secret name) fails to decrypt instead of being accepted.
const VERSION = "v1";
const TAG_BYTES = 16;

export function encryptSecret(
  plaintext: string,
  context: string,
  key: SecretKey = secretKey(),
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([
    cipher.update(plaintext, "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return [VERSION, key.id, iv.toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(
  envelope: string,
  context: string,
  key: SecretKey = secretKey(),
): string {
  const [version, keyId, iv, body] = envelope.split(".");
  if (version !== VERSION || !keyId || !iv || !body)
    throw new Error("Stored secret is not a v1 envelope");
  if (keyId !== key.id) {
    throw new Error(
      `Stored secret was encrypted with key ${keyId}, but the current key is ${key.id} (TUNEBENCH_SECRET_KEY or the secret-key file changed); enter the secret again.`,
    );
  }
  const raw = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(raw.subarray(0, raw.length - TAG_BYTES)),
    decipher.final(),
  ]).toString("utf8");
}

/** What the UI shows after creation: a recognisable prefix and the last 4 characters. */
export function maskSecret(secret: string): string {
  const prefix = /^(whsec_|sk-proj-|sk-|tbh_)/.exec(secret)?.[0] ?? "";
  if (secret.length - prefix.length <= 8) return `${prefix}…`;
  return `${prefix}…${secret.slice(-4)}`;
}
