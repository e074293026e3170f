import { index, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, timestamps } from "./columns";

/** A project role. "admin" is the owner role: it manages members, tokens and everything else. */
export const ROLES = ["admin", "member", "reviewer"] as const;
export type Role = (typeof ROLES)[number];
export const role = pgEnum("role", ROLES);

export const projects = pgTable("projects", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  ...timestamps(),
});

export const memberships = pgTable(
  "memberships",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId] }),
    index("memberships_user_id_idx").on(t.userId),
  ],
);
