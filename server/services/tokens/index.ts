export { createToken } from "./create-token";
export { listTokens } from "./list-tokens";
export { revokeToken } from "./revoke-token";
export { hashTokenSecret, newTokenSecret } from "./token-secret";
export { verifyToken, type VerifiedToken } from "./verify-token";
