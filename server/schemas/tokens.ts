import { z } from "zod";
import { TOKEN_SCOPES } from "../../core/enums";

export const TokenScope = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof TokenScope>;

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  scopes: z.array(TokenScope).min(1, "Pick at least one scope"),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;

export const TokenIdInput = z.object({ tokenId: z.string().min(1) });
export type TokenIdInput = z.infer<typeof TokenIdInput>;
