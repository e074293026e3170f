import type { NextConfig } from "next";

const config: NextConfig = {
  // PGlite loads its WASM and data files relative to its own package folder, and pg has optional
  // native bindings: both must be required at run time from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  typedRoutes: false,
  poweredByHeader: false,
};

export default config;
