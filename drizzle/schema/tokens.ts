import { index, pgTable, text } from "drizzle-orm/pg-core";
import type { TokenScope } from "../../core/enums";
import { users } from "./auth";
import { createdAt, id, tstz } from "./columns";
import { projects } from "./projects";

// Only the sha256 of the secret is stored; the secret is shown once, at creation. The prefix
// (the first characters of the secret) lets a person recognise a token in a list.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // The token acts as this user, with at most this user's role in the project.
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull().unique(),
    scopes: text("scopes").array().$type<TokenScope[]>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    expiresAt: tstz("expires_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("api_tokens_project_id_idx").on(t.projectId)],
);
