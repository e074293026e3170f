import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assertSafeBinding, isLoopback } from "@/server/auth/binding";

describe("assertSafeBinding", () => {
  const saved = process.env.TUNEBENCH_AUTH;
  afterEach(() => {
    if (saved === undefined) delete process.env.TUNEBENCH_AUTH;
    else process.env.TUNEBENCH_AUTH = saved;
  });

  it("allows loopback in local mode", () => {
    delete process.env.TUNEBENCH_AUTH;
    for (const host of ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"])
      expect(() => assertSafeBinding(host)).not.toThrow();
  });

  it("refuses every other address in local mode, naming the fix", () => {
    delete process.env.TUNEBENCH_AUTH;
    for (const host of ["0.0.0.0", "::", "", "192.168.1.5", "example.com"]) {
      expect(() => assertSafeBinding(host)).toThrow(/TUNEBENCH_AUTH=multi/);
    }
  });

  it("allows any address in multi-user mode", () => {
    process.env.TUNEBENCH_AUTH = "multi";
    expect(() => assertSafeBinding("0.0.0.0")).not.toThrow();
  });

  it("checks the addresses this process listens on when no host is given", async () => {
    delete process.env.TUNEBENCH_AUTH;
    const { createServer } = await import("node:net");
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
    try {
      expect(() => assertSafeBinding()).toThrow(/0\.0\.0\.0/);
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(isLoopback("127.0.0.1")).toBe(true);
  });

  it("stops a local-mode server that starts listening beyond loopback after the check", () => {
    const run = (host: string) =>
      spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(import.meta.dirname, "fixtures/late-listen.ts")],
        {
          env: { ...process.env, HOST: host, TUNEBENCH_AUTH: "local" },
          encoding: "utf8",
          timeout: 60_000,
        },
      );
    const unsafe = run("0.0.0.0");
    expect(unsafe.status).toBe(1);
    expect(unsafe.stderr).toContain("Refusing to start");
    expect(run("127.0.0.1").status).toBe(0);
  });
});
