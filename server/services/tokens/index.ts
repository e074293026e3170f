export { createToken } from "./create-token";
export { listTokens } from "./list-tokens";
export { revokeToken } from "./revoke-token";
export { hashTokenSecret, newTokenSecret } from "./token-secret";
export { type VerifiedToken, verifyToken } from "./verify-token";
