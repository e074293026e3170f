import { defineConfig } from "drizzle-kit";

// One Postgres-dialect schema serves both PGlite and PostgreSQL; server/db.ts applies the
// generated migrations on open, so nothing here needs a live database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./drizzle/schema/index.ts",
  out: "./drizzle/migrations",
  casing: "snake_case",
});
