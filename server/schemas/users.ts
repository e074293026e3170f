import { z } from "zod";
import { ROLES } from "../../core/enums";

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const InviteUserInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  role: Role,
});
export type InviteUserInput = z.infer<typeof InviteUserInput>;

export const SetUserRoleInput = z.object({ userId: z.string().min(1), role: Role });
export type SetUserRoleInput = z.infer<typeof SetUserRoleInput>;

export const UserIdInput = z.object({ userId: z.string().min(1) });
export type UserIdInput = z.infer<typeof UserIdInput>;
