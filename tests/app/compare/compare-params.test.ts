import { describe, expect, test } from "vitest";
import { compareUrl, parseCompareParams } from "@/app/compare/_components/compare-params";

describe("parseCompareParams", () => {
  test("baseline defaults to the first run and B to the first other run", () => {
    expect(parseCompareParams({ runs: "a,b,c" })).toEqual({
      runIds: ["a", "b", "c"],
      baseline: "a",
      against: "b",
    });
    expect(parseCompareParams({ runs: "a,b,c", baseline: "c" })).toEqual({
      runIds: ["a", "b", "c"],
      baseline: "c",
      against: "a",
    });
  });

  test("a baseline or B outside the list is ignored; B never equals the baseline", () => {
    expect(parseCompareParams({ runs: "a,b", baseline: "zzz", against: "a" })).toEqual({
      runIds: ["a", "b"],
      baseline: "a",
      against: "b",
    });
  });

  test("refuses fewer than two distinct runs or more than twenty, saying why", () => {
    expect(parseCompareParams({ runs: "a,a" })).toEqual({
      error: expect.stringContaining("at least two"),
    });
    expect(parseCompareParams({})).toHaveProperty("error");
    expect(
      parseCompareParams({ runs: Array.from({ length: 21 }, (_, i) => `r${i}`).join(",") }),
    ).toEqual({ error: expect.stringContaining("21") });
  });

  test("compareUrl round-trips through parseCompareParams", () => {
    const p = { runIds: ["x y", "b"], baseline: "b", against: "x y" };
    const sp = Object.fromEntries(new URL(compareUrl(p), "http://h").searchParams);
    expect(parseCompareParams(sp)).toEqual(p);
  });
});
