import { randomUUID } from "node:crypto";
import { customType, text, timestamp } from "drizzle-orm/pg-core";

/** Text ids: better-auth generates its own string ids, so every table uses text for one join type. */
export const newId = (): string => randomUUID();

export const id = () => text("id").primaryKey().$defaultFn(newId);

export const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Fresh builders per table: spreading one shared builder object into several tables is fragile. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

export const tstz = (name: string) => timestamp(name, { withTimezone: true });

/** Binary columns; drizzle's pg-core has no bytea builder. Written and read through raw SQL. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});
