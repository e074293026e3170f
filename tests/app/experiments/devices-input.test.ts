import { describe, expect, test } from "vitest";
import { toDevicesSetting } from "@/app/experiments/_components/devices-field";
import { TrainingSettings } from "@/server/schemas/experiments";

describe("toDevicesSetting (the devices field → training.devices)", () => {
  test("turns each mode into what the server accepts", () => {
    const cases = [
      [{ mode: "auto", count: "", list: "" }, "auto"],
      [{ mode: "cpu", count: "", list: "" }, "cpu"],
      [{ mode: "count", count: " 4 ", list: "" }, 4],
      [{ mode: "list", count: "", list: "3, 1 2" }, [3, 1, 2]],
    ] as const;
    for (const [text, expected] of cases) {
      const { value, error } = toDevicesSetting(text);
      expect({ value, error }).toEqual({ value: expected, error: null });
      expect(TrainingSettings.parse({ devices: value }).devices).toEqual(expected);
    }
  });

  test("names the problem in the server's words", () => {
    expect(toDevicesSetting({ mode: "list", count: "", list: "0, 0" }).error).toBe(
      "Devices: GPU indices must be unique",
    );
    expect(toDevicesSetting({ mode: "list", count: "", list: "0, x" }).error).toBe(
      'Devices: "x" is not a GPU index (0, 1, …)',
    );
    expect(toDevicesSetting({ mode: "count", count: "0", list: "" }).error).toBe(
      "Devices: a GPU count is at least 1",
    );
    expect(toDevicesSetting({ mode: "count", count: "", list: "" }).value).toBeNull();
    expect(toDevicesSetting({ mode: "list", count: "", list: " " }).error).toBe(
      "Devices: give at least one GPU index",
    );
  });
});
