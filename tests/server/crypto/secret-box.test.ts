import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, secretKey } from "@/server/crypto";

const key = secretKey({ TUNEBENCH_SECRET_KEY: "c".repeat(64) });
const other = secretKey({ TUNEBENCH_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") });

describe("secrets at rest (AES-256-GCM)", () => {
  it("round-trips, and never produces the same ciphertext twice", () => {
    const a = encryptSecret("sk-proj-abc", "ctx", key);
    const b = encryptSecret("sk-proj-abc", "ctx", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk-proj-abc");
    expect(decryptSecret(a, "ctx", key)).toBe("sk-proj-abc");
  });

  it("refuses a tampered ciphertext, another context (row) and another key", () => {
    const sealed = encryptSecret("whsec_x", "project-secret:p1:hooks.openai", key);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0]! ^= 1;
    expect(() =>
      decryptSecret(
        [...parts.slice(0, 3), body.toString("base64url")].join("."),
        "project-secret:p1:hooks.openai",
        key,
      ),
    ).toThrow();
    expect(() => decryptSecret(sealed, "project-secret:p2:hooks.openai", key)).toThrow();
    expect(() => decryptSecret(sealed, "project-secret:p1:hooks.openai", other)).toThrow(
      /current key/,
    );
  });

  it("rejects a key that is not 32 bytes", () => {
    expect(() => secretKey({ TUNEBENCH_SECRET_KEY: "short" })).toThrow(/32 bytes/);
  });

  it("without TUNEBENCH_SECRET_KEY, creates a 0600 key file next to the data folder once and keeps it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tb-key-"));
    const env = { TUNEBENCH_DATA_DIR: path.join(dir, "pglite") };
    const first = secretKey(env);
    const file = path.join(dir, "secret-key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64")).toHaveLength(32);
    expect(secretKey({ ...env }).id).toBe(first.id);
    expect(decryptSecret(encryptSecret("x", "c", first), "c", secretKey(env))).toBe("x");
  });

  it("masks a secret to a prefix and its last four characters", () => {
    expect(maskSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBe("whsec_…LaSw");
    expect(maskSecret("sk-proj-0123456789abcdef")).toBe("sk-proj-…cdef");
    expect(maskSecret("tiny")).toBe("…");
  });
});
