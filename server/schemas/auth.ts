import { z } from "zod";
import { AUTH_MODES } from "../../core/enums";

export const AuthMode = z.enum(AUTH_MODES);
export type AuthMode = z.infer<typeof AuthMode>;

/** What the sign-in page needs to know before anyone is signed in. */
export const AuthStatus = z.object({
  mode: AuthMode,
  signedIn: z.boolean(),
  // True until the first account exists: that person signs up and becomes admin.
  signUpOpen: z.boolean(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;
