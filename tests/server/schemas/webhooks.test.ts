import { describe, expect, it } from "vitest";
import { CreateEndpointInput } from "@/server/schemas/webhooks";

describe("CreateEndpointInput", () => {
  it("refuses what is not a URL with a message, instead of throwing (a 500, and a crashed form)", () => {
    for (const url of ["", "not a url", "ftp://example.com/hook"]) {
      const r = CreateEndpointInput.safeParse({ url, events: ["eval.completed"] });
      expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["url", "url must be an http(s) URL"],
      ]);
    }
  });

  it("refuses credentials in the URL, and takes a plain https URL", () => {
    const creds = CreateEndpointInput.safeParse({
      url: "https://user:pw@example.com/hook",
      events: ["eval.completed"],
    });
    expect(creds.error?.issues[0]?.message).toMatch(/must not carry credentials/);
    expect(
      CreateEndpointInput.safeParse({ url: "https://example.com/hook", events: ["gate.failed"] })
        .success,
    ).toBe(true);
  });
});
