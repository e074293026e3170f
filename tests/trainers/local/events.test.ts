import { describe, expect, it } from "vitest";
import { parseWorkerLine } from "@/trainers/local/events";

describe("parseWorkerLine", () => {
  it("maps worker events to backend events", () => {
    expect(
      parseWorkerLine(
        '{"type":"progress","time":1,"step":3,"total_steps":10,"epoch":0.3,"tokens_seen":90,"tokens_per_s":45.5,"eta_s":7,"peak_mem_bytes":1}',
        "x",
      ),
    ).toEqual({
      type: "progress",
      time: 1,
      step: 3,
      totalSteps: 10,
      epoch: 0.3,
      tokensSeen: 90,
      tokensPerSecond: 45.5,
      etaSeconds: 7,
      peakMemBytes: 1,
    });
    // Generation progress carries no memory figure: none is made up.
    expect(
      parseWorkerLine('{"type":"progress","time":1,"step":0,"done":2,"total":4}', "x"),
    ).not.toHaveProperty("peakMemBytes");
    expect(
      parseWorkerLine(
        '{"type":"completed","time":2,"step":10,"adapter_path":"/o/adapter","best_step":null}',
        "x",
      ),
    ).toEqual({ type: "completed", time: 2, step: 10, adapterPath: "/o/adapter" });
    // A full run reports its model folder instead (worker README, "Events").
    expect(
      parseWorkerLine(
        '{"type":"completed","time":2,"step":10,"best_step":null,"model_path":"/o/model"}',
        "x",
      ),
    ).toEqual({ type: "completed", time: 2, step: 10, adapterPath: "/o/model" });
  });

  it("drops a metric whose value was not finite (sent as null)", () => {
    expect(
      parseWorkerLine('{"type":"metric","time":1,"step":1,"name":"train/loss","value":null}', "x"),
    ).toBeNull();
  });

  it("names the place of a bad line", () => {
    expect(() => parseWorkerLine("Loading weights...", "run/events.jsonl@120")).toThrow(
      /run\/events.jsonl@120: worker wrote a line that is not JSON/,
    );
    expect(() => parseWorkerLine('{"type":"metric","time":1,"step":1}', "f@0")).toThrow(
      /f@0: bad worker event \(name/,
    );
  });
});
