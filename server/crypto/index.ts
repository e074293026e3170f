export { encryptSecret, decryptSecret, maskSecret } from "./secret-box";
export { secretKey, keyFile, type SecretKey } from "./key";
