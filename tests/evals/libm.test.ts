/** Correctly rounded exp/log against Python's math module (glibc): identical except where glibc
 *  itself misrounds (rare), and never more than one ulp apart. */

import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { exactExp, exactLog } from "@/evals/internal/libm";
import { mulberry32 } from "./generate";
import { hasOracle, PYTHON } from "./oracle";

const rnd = mulberry32(11);
const logs = Array.from({ length: 5000 }, () => rnd() * 100 * (rnd() < 0.5 ? 1 : 1e-3) + 1e-9);
const exps = Array.from({ length: 5000 }, () => (rnd() - 0.7) * 30);
const ulp = (x: number) => Math.abs(x) * 2 ** -52;

describe.skipIf(!hasOracle)("exactExp / exactLog", () => {
  let want: { log: number[]; exp: number[] };
  beforeAll(() => {
    const res = spawnSync(
      PYTHON,
      [
        "-c",
        "import json,math,sys; d=json.load(sys.stdin); json.dump({'log':[math.log(x) for x in d['log']],'exp':[math.exp(x) for x in d['exp']]}, sys.stdout)",
      ],
      {
        input: JSON.stringify({ log: logs, exp: exps }),
        encoding: "utf8",
      },
    );
    want = JSON.parse(res.stdout);
  });
  it("matches math.log and math.exp", () => {
    let same = 0;
    logs.forEach((x, i) => {
      const got = exactLog(x);
      if (got === want.log[i]) same++;
      expect(Math.abs(got - want.log[i]!)).toBeLessThanOrEqual(ulp(want.log[i]!));
    });
    exps.forEach((x, i) => {
      const got = exactExp(x);
      if (got === want.exp[i]) same++;
      expect(Math.abs(got - want.exp[i]!)).toBeLessThanOrEqual(ulp(want.exp[i]!));
    });
    expect(same).toBeGreaterThan(0.995 * 10000);
  });
  it("handles the edges like Math", () => {
    expect(exactLog(1)).toBe(0);
    expect(exactExp(0)).toBe(1);
    expect(exactLog(0)).toBe(-Infinity);
    expect(exactExp(-1000)).toBe(0);
  });
});
