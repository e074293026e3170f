import { describe, expect, it } from "vitest";
import {
  type Import,
  importGraph,
  runtimeClosure,
  runtimeCycles,
} from "@/tests/helpers/import-graph";

// The import rules of docs/architecture.md, checked on every TypeScript file of the repo.

const graph = importGraph();
const all = [...graph.values()].flat();
const under = (dir: string) => (file: string | null) => !!file && file.startsWith(dir);
const importsOf = (dir: string) => all.filter((i) => under(dir)(i.from));
const describeImport = (i: Import) => `${i.from} → ${i.specifier}${i.typeOnly ? " (type)" : ""}`;
/** The imports of `dir` that break a rule, for a failure message that names each one. */
const offending = (dir: string, allowed: (i: Import) => boolean) =>
  importsOf(dir)
    .filter((i) => !allowed(i))
    .map(describeImport);
const isPackage = (i: Import) => i.to === null;
const isNodeBuiltin = (i: Import) => i.specifier.startsWith("node:");

describe("import rules", () => {
  it("core/ imports nothing but core/, by relative path", () => {
    expect(offending("core/", (i) => i.specifier.startsWith("./") && under("core/")(i.to))).toEqual(
      [],
    );
  });

  it("evals/ imports nothing of the project outside evals/: it is pure and could be published alone", () => {
    expect(offending("evals/", (i) => isPackage(i) || under("evals/")(i.to))).toEqual([]);
  });

  it("trainers/ imports no server/, app/ or drizzle/: backends report events, services store them", () => {
    expect(
      offending(
        "trainers/",
        (i) => isPackage(i) || under("trainers/")(i.to) || under("core/")(i.to),
      ),
    ).toEqual([]);
  });

  it("drizzle/ loads only core/; it reads the jsonb shapes' types from server/schemas and trainers/types.ts", () => {
    const jsonbShape = (i: Import) =>
      i.typeOnly && (under("server/schemas/")(i.to) || i.to === "trainers/types.ts");
    expect(
      offending(
        "drizzle/",
        (i) => isPackage(i) || under("drizzle/")(i.to) || under("core/")(i.to) || jsonbShape(i),
      ),
    ).toEqual([]);
  });

  it("server/schemas imports only zod and core/, so the browser and the CLI can load it", () => {
    expect(
      offending(
        "server/schemas/",
        (i) => i.specifier === "zod" || under("server/schemas/")(i.to) || under("core/")(i.to),
      ),
    ).toEqual([]);
  });

  it("server/jobs/contracts.ts is a leaf: zod only", () => {
    expect(offending("server/jobs/contracts.ts", (i) => i.specifier === "zod")).toEqual([]);
  });

  it("server/ never imports app/", () => {
    expect(offending("server/", (i) => !under("app/")(i.to))).toEqual([]);
  });

  it("app/ reaches the database through server/, never drizzle/ directly", () => {
    expect(offending("app/", (i) => !under("drizzle/")(i.to))).toEqual([]);
  });

  // backup and restore are the exception: they open the server's own data folder, on its machine,
  // from its checkout (docs/architecture.md).
  it("the CLI loads core/, evals/ and server/schemas only, by relative paths (it runs from any directory, where @/ means nothing)", () => {
    const serverSide = new Set(["cli/backup.ts", "cli/restore.ts"]);
    const loaded = runtimeClosure(graph, "cli/tunebench.ts", serverSide);
    const project = [...loaded].filter((f) => !under("cli/")(f));
    expect(
      project.filter(
        (f) => !under("core/")(f) && !under("evals/")(f) && !under("server/schemas/")(f),
      ),
    ).toEqual([]);
    const aliased = all.filter((i) => loaded.has(i.from) && i.specifier.startsWith("@/"));
    expect(aliased.map(describeImport)).toEqual([]);
    expect(loaded.has("server/schemas/experiments.ts")).toBe(true);
  });

  it("no files import each other at run time", () => {
    expect(runtimeCycles(graph)).toEqual([]);
  });
});

describe("the import graph", () => {
  it("sees static, dynamic and type-only imports, and resolves the @/ alias", () => {
    const from = (f: string) => graph.get(f) ?? [];
    expect(from("server/jobs/define.ts")).toContainEqual(
      expect.objectContaining({ to: "server/ctx.ts", typeOnly: true }),
    );
    expect(from("server/jobs/enqueue.ts")).toContainEqual(
      expect.objectContaining({ to: "server/jobs/contracts.ts", typeOnly: false }),
    );
    expect(from("tests/architecture.test.ts")).toContainEqual(
      expect.objectContaining({ to: "tests/helpers/import-graph.ts" }),
    );
    expect(all.some((i) => isNodeBuiltin(i) && i.to === null)).toBe(true);
  });

  it("finds a cycle when there is one, and ignores one made only of type imports", () => {
    const edge = (from: string, to: string, typeOnly = false): Import => ({
      from,
      specifier: to,
      to,
      typeOnly,
    });
    const cyclic = new Map([
      ["a.ts", [edge("a.ts", "b.ts")]],
      ["b.ts", [edge("b.ts", "c.ts")]],
      ["c.ts", [edge("c.ts", "a.ts")]],
      ["d.ts", [edge("d.ts", "a.ts", true)]],
    ]);
    expect(runtimeCycles(cyclic)).toEqual([["a.ts", "b.ts", "c.ts"]]);
    cyclic.set("c.ts", [edge("c.ts", "a.ts", true)]);
    expect(runtimeCycles(cyclic)).toEqual([]);
  });
});
