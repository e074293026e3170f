import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One import of a source file: what it names, where that resolves in the repo (null for a
 *  package), and whether it is erased at compile time (`import type`, or only type specifiers). */
export type Import = { from: string; specifier: string; to: string | null; typeOnly: boolean };

const ROOT = path.resolve(import.meta.dirname, "../..");
const SKIP = new Set([
  "node_modules",
  ".git",
  ".venv",
  "data",
  "test-results",
  "migrations",
  "out",
]);

function sourceFiles(dir = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name) && !entry.name.startsWith(".next")) out.push(...sourceFiles(rel));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** Every TypeScript file of the repo (tests and benchmarks included) with its imports, static and
 *  dynamic, resolved through the `@/` alias and relative paths as the bundler resolves them. */
export function importGraph(): Map<string, Import[]> {
  const files = sourceFiles();
  const known = new Set(files);
  const resolve = (from: string, specifier: string): string | null => {
    let base: string;
    if (specifier.startsWith("@/")) base = specifier.slice(2);
    else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(from), specifier);
    else return null;
    const candidates = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext);
    return candidates.find((c) => known.has(c)) ?? base; // a stylesheet or asset keeps its path
  };
  const graph = new Map<string, Import[]>();
  for (const file of files) {
    const source = ts.createSourceFile(
      file,
      readFileSync(path.join(ROOT, file), "utf8"),
      ts.ScriptTarget.Latest,
      false,
      file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const imports: Import[] = [];
    const add = (specifier: string, typeOnly: boolean) =>
      imports.push({ from: file, specifier, to: resolve(file, specifier), typeOnly });
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.importClause;
        const named = clause?.namedBindings;
        const onlyTypeSpecifiers =
          !!named &&
          ts.isNamedImports(named) &&
          !clause.name &&
          named.elements.length > 0 &&
          named.elements.every((e) => e.isTypeOnly);
        add(node.moduleSpecifier.text, !!clause?.isTypeOnly || onlyTypeSpecifiers);
      } else if (
        ts.isExportDeclaration(node) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const clause = node.exportClause;
        const onlyTypeSpecifiers =
          !!clause &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((e) => e.isTypeOnly);
        add(node.moduleSpecifier.text, node.isTypeOnly || onlyTypeSpecifiers);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        add(node.arguments[0].text, false);
      } else if (
        ts.isImportTypeNode(node) &&
        ts.isLiteralTypeNode(node.argument) &&
        ts.isStringLiteral(node.argument.literal)
      ) {
        add(node.argument.literal.text, true);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(file, imports);
  }
  return graph;
}

/** Groups of files that import each other at run time (Tarjan's strongly connected components
 *  over the imports that are not erased). */
export function runtimeCycles(graph: Map<string, Import[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const strongConnect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const edge of graph.get(v) ?? []) {
      const w = edge.to;
      if (edge.typeOnly || !w || !graph.has(w)) continue;
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) strongConnect(v);
  return cycles;
}

/** `start` and every file it loads at run time. */
export function runtimeClosure(
  graph: Map<string, Import[]>,
  start: string,
  skip: ReadonlySet<string> = new Set(),
): Set<string> {
  const seen = new Set([start]);
  const todo = [start];
  while (todo.length) {
    for (const edge of graph.get(todo.pop()!) ?? []) {
      if (edge.typeOnly || !edge.to || seen.has(edge.to) || !graph.has(edge.to)) continue;
      if (skip.has(edge.to)) continue;
      seen.add(edge.to);
      todo.push(edge.to);
    }
  }
  return seen;
}
