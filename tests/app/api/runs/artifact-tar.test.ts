import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { tarFiles } from "@/app/api/runs/[id]/artifact/tar";

// The adapter download is our own ustar writer; GNU tar is the judge of whether it is valid.
describe("tarFiles", () => {
  test("GNU tar extracts the same files, byte for byte, under the prefix", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tar-src-"));
    const config = JSON.stringify({ r: 8, lora_alpha: 16, target_modules: ["q_proj", "v_proj"] });
    const weights = Buffer.from(Array.from({ length: 70_001 }, (_, i) => (i * 31) % 256)); // not a multiple of 512
    writeFileSync(path.join(dir, "adapter_config.json"), config);
    writeFileSync(path.join(dir, "adapter_model.safetensors"), weights);
    mkdirSync(path.join(dir, "checkpoints")); // folders are skipped, not archived

    const tar = await tarFiles(
      "run-1-adapter",
      ["adapter_config.json", "checkpoints", "adapter_model.safetensors"].map((name) => ({
        name,
        path: path.join(dir, name),
      })),
    );
    expect(tar.length % 512).toBe(0);
    const out = mkdtempSync(path.join(tmpdir(), "tar-out-"));
    writeFileSync(path.join(out, "a.tar"), tar);
    const listing = execFileSync("tar", ["-tf", "a.tar"], { cwd: out, encoding: "utf8" })
      .trim()
      .split("\n");
    expect(listing).toEqual([
      "run-1-adapter/adapter_config.json",
      "run-1-adapter/adapter_model.safetensors",
    ]);
    execFileSync("tar", ["-xf", "a.tar"], { cwd: out });
    expect(readFileSync(path.join(out, "run-1-adapter/adapter_config.json"), "utf8")).toBe(config);
    expect(
      readFileSync(path.join(out, "run-1-adapter/adapter_model.safetensors")).equals(weights),
    ).toBe(true);
  });
});
