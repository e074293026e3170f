import { describe, expect, test } from "vitest";
import { parseFilterValue } from "@/app/experiments/_components/runs-table-filters";
import { RunsTableFilter } from "@/server/schemas/runs-table";

describe("parseFilterValue (what a person types into the filter box)", () => {
  test("numbers stay numbers, scientific notation included; text stays text", () => {
    expect(parseFilterValue("eq", " 3e-4 ")).toBe(3e-4);
    expect(parseFilterValue("gt", "80")).toBe(80);
    expect(parseFilterValue("eq", "evaluated")).toBe("evaluated");
  });

  test("'in' takes a comma list of mixed values and drops empty items", () => {
    expect(parseFilterValue("in", "8, 16,,lora ")).toEqual([8, 16, "lora"]);
  });

  test("'contains' keeps digits as text, and every result is a valid filter", () => {
    expect(parseFilterValue("contains", " 12 ")).toBe("12");
    expect(
      RunsTableFilter.safeParse({
        key: "param.learningRate",
        op: "in",
        value: parseFilterValue("in", "1e-4,2e-4"),
      }).success,
    ).toBe(true);
  });
});
