import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookAttempts, webhookEndpoints } from "@/drizzle/schema";
import {
  createEndpoint,
  deliverWebhook,
  sendTestEvent,
  updateEndpoint,
} from "@/server/services/webhooks";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { hookFixture } from "@/tests/server/services/hooks/helpers";
import { startReceiver } from "@/tests/server/services/webhooks/receiver";

// Issue #12, finding 2: an admin could register http://169.254.169.254/… as a webhook and read the
// first 2 KiB of the answer in the delivery log. Internal addresses are refused when the endpoint
// is saved and again when a delivery connects, where a name is resolved once and the socket goes
// to the checked address, so DNS rebinding cannot switch it.

let t: TestDb;
let fx: Awaited<ReturnType<typeof hookFixture>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const strict = { allowLoopback: false, allowPrivate: false };
const saved = process.env.TUNEBENCH_AUTH;

beforeAll(async () => {
  process.env.TUNEBENCH_AUTH = "multi"; // the default policy of a multi-user server
  t = await createTestDb();
  fx = await hookFixture(t.db);
  receiver = await startReceiver();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.TUNEBENCH_AUTH;
  else process.env.TUNEBENCH_AUTH = saved;
  await receiver?.close();
  await t?.close();
});

/** A resolver for made-up names; `answers` are given out in turn, the last one repeating. */
function fakeResolver(answers: Record<string, string[]>) {
  const calls: string[] = [];
  return {
    calls,
    resolve: async (host: string) => {
      calls.push(host);
      const list = answers[host];
      if (!list) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: "ENOTFOUND" });
      const address = list[Math.min(calls.filter((h) => h === host).length - 1, list.length - 1)]!;
      return [{ address, family: address.includes(":") ? 6 : 4 }];
    },
  };
}

const create = (url: string, check = {}) =>
  createEndpoint(t.db, fx.projectId, { url, events: ["run.failed"], description: "" }, check);

describe("saving a webhook endpoint", () => {
  it.each([
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://127.0.0.1:9/",
    "http://localhost:9/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://0.0.0.0/",
    "http://10.1.2.3/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://224.0.0.251/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fd12:3456::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[::ffff:0:a9fe:a9fe]/",
    "http://[::a9fe:a9fe]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:a9fe:a9fe::1]/",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
  ])("refuses %s", async (url) => {
    await expect(create(url)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^url: /),
    });
    expect(await t.db.$count(webhookEndpoints, eq(webhookEndpoints.url, url))).toBe(0);
  });

  it("refuses a name that resolves to an internal address, on create and on update", async () => {
    const dns = fakeResolver({
      "metadata.example": ["169.254.169.254"],
      "ok.example": ["93.184.216.34"],
    });
    await expect(create("https://metadata.example/x", dns)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const { id } = await create("https://ok.example/hook", dns);
    await expect(
      updateEndpoint(t.db, fx.projectId, { endpointId: id, url: "http://10.0.0.8/" }, dns),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("accepts a public address, and private ones when the operator opts in", async () => {
    await expect(create("https://93.184.216.34/hook")).resolves.toHaveProperty("id");
    process.env.TUNEBENCH_WEBHOOK_ALLOW_PRIVATE = "1";
    try {
      await expect(create("http://10.1.2.3/hook")).resolves.toHaveProperty("id");
      await expect(create("http://169.254.169.254/")).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    } finally {
      delete process.env.TUNEBENCH_WEBHOOK_ALLOW_PRIVATE;
    }
  });
});

describe("delivering a webhook", () => {
  /** An endpoint saved before the check existed (or under a looser policy): unchecked now. */
  async function storedEndpoint(url: string) {
    const { id } = await create(url, { policy: { allowLoopback: true, allowPrivate: true } });
    return (await sendTestEvent(t.db, fx.projectId, id)).deliveryId;
  }
  const port = () => new URL(receiver.url).port;

  async function attempt(deliveryId: string, opts = {}) {
    const before = receiver.received.length;
    const outcome = await deliverWebhook(t.db, { deliveryId, round: 0, attempt: 1 }, opts);
    const [logged] = await t.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, deliveryId));
    return { outcome, logged: logged!, reached: receiver.received.length - before };
  }

  it("never connects to an internal address stored before the check, and does not retry", async () => {
    const id = await storedEndpoint(`http://127.0.0.1:${port()}/hook`);
    const r = await attempt(id, { policy: strict });
    expect(r.reached).toBe(0);
    expect(r.outcome).toBe("failed");
    expect(r.logged.error).toMatch(/refused to connect: 127\.0\.0\.1 is a loopback address/);
    expect(r.logged.response).toBeNull();
  });

  it("resolves once and connects to the checked address: a rebinding name is refused", async () => {
    // Public when the endpoint was saved, loopback when the delivery connects.
    const dns = fakeResolver({ "rebind.example": ["93.184.216.34", "127.0.0.1"] });
    const { id } = await create(`http://rebind.example:${port()}/hook`, { ...dns, policy: strict });
    const { deliveryId } = await sendTestEvent(t.db, fx.projectId, id);
    const r = await attempt(deliveryId, { ...dns, policy: strict });
    expect(r.reached).toBe(0);
    expect(r.logged.error).toMatch(/rebind\.example resolves to 127\.0\.0\.1/);
    expect(dns.calls).toEqual(["rebind.example", "rebind.example"]);
  });

  it("connects to the address the resolver gave, when the policy allows it", async () => {
    const dns = fakeResolver({ "inside.example": ["127.0.0.1"] });
    const open = { allowLoopback: true, allowPrivate: true };
    const { id } = await create(`http://inside.example:${port()}/hook`, { ...dns, policy: open });
    const { deliveryId } = await sendTestEvent(t.db, fx.projectId, id);
    const r = await attempt(deliveryId, { ...dns, policy: open });
    expect(r.reached).toBe(1);
    expect(r.outcome).toBe("succeeded");
    expect(receiver.received.at(-1)!.headers.host).toBe(`inside.example:${port()}`);
  });

  it.each([
    ["never answers", (_res: http.ServerResponse) => {}],
    [
      "stalls in the middle of its body",
      (res: http.ServerResponse) => res.writeHead(200).write("partial"),
    ],
  ])("counts a receiver that %s as a timed-out attempt", async (_, answer) => {
    const open: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => {
      open.push(res);
      answer(res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const id = await storedEndpoint(`http://127.0.0.1:${port}/hook`);
      const r = await attempt(id, {
        policy: { allowLoopback: true, allowPrivate: false },
        timeoutMs: 300,
      });
      expect(r.logged.error).toBe("timed out");
      expect(r.outcome).toBe("retrying");
    } finally {
      for (const res of open) res.destroy();
      server.close();
    }
  });

  it("does not follow a redirect into the internal network", async () => {
    // Answers 302 to /metadata, which would answer with secrets if the redirect were followed.
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url!);
      if (req.url === "/metadata") res.end("metadata secrets");
      else res.writeHead(302, { location: "/metadata" }).end("moved");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const id = await storedEndpoint(`http://127.0.0.1:${port}/hook`);
      const r = await attempt(id, { policy: { allowLoopback: true, allowPrivate: false } });
      expect(seen).toEqual(["/hook"]);
      expect(r.logged.statusCode).toBe(302);
      expect(r.logged.response).toBe("moved");
      expect(r.outcome).not.toBe("succeeded");
    } finally {
      server.close();
    }
  });
});
