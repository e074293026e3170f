import { z } from "zod";
import { AUTH_MODES } from "../../core/enums";

export const AuthMode = z.enum(AUTH_MODES);
export type AuthMode = z.infer<typeof AuthMode>;

/** What the sign-in page needs to know before anyone is signed in. */
export const AuthStatus = z.object({
  mode: AuthMode,
  signedIn: z.boolean(),
  // True until the first account exists: that person signs up, with the setup token, and becomes admin.
  signUpOpen: z.boolean(),
});

/** The header the first sign-up sends this server's setup token in (server/auth/setup-token.ts). */
export const SETUP_TOKEN_HEADER = "x-tunebench-setup-token";
export type AuthStatus = z.infer<typeof AuthStatus>;
