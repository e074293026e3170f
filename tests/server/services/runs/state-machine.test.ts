import { describe, expect, it } from "vitest";
import { ServiceError } from "@/server/errors";
import { assertTransition } from "@/server/services/runs/state-machine";

describe("assertTransition", () => {
  it("refuses a transition the machine does not allow, naming the allowed ones", () => {
    expect(() => assertTransition("cancelled", "running")).toThrow(
      /cannot go from cancelled to running; from cancelled it can go to nothing \(final\)/,
    );
    expect(() => assertTransition("queued", "running")).toThrow(
      /can go to submitted, failed, cancelled/,
    );
    expect(() => assertTransition("queued", "running")).toThrow(ServiceError);
    expect(() => assertTransition("queued", "submitted")).not.toThrow();
  });
});
