import { index, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ROLES } from "../../core/enums";
import { users } from "./auth";
import { createdAt, id, timestamps } from "./columns";

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
