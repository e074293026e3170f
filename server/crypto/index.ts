export { keyFile, type SecretKey, secretKey } from "./key";
export { decryptSecret, encryptSecret, maskSecret } from "./secret-box";
