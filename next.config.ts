import type { NextConfig } from "next";

const config: NextConfig = {
  // PGlite loads its WASM and data files relative to its own package folder, and pg has optional
  // native bindings: both must be required at run time from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  typedRoutes: false,
  // Lets several checkouts' e2e runs share one tree without building over each other's server.
  distDir: process.env.TUNEBENCH_NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `npx tsc --noEmit` is its own CI step; the e2e harness sets this so its build does not
  // type-check the whole tree a second time.
  typescript: { ignoreBuildErrors: process.env.TUNEBENCH_SKIP_TYPECHECK === "1" },
};

export default config;
