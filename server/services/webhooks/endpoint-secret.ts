import { decryptSecret, encryptSecret, maskSecret } from "@/server/crypto";

// Bound to its endpoint: a ciphertext copied to another endpoint row does not decrypt.
const context = (projectId: string, endpointId: string) =>
  `webhook-endpoint:${projectId}:${endpointId}`;

export function sealEndpointSecret(projectId: string, endpointId: string, secret: string) {
  return {
    secretCiphertext: encryptSecret(secret, context(projectId, endpointId)),
    secretHint: maskSecret(secret),
  };
}

export function openEndpointSecret(
  projectId: string,
  endpointId: string,
  ciphertext: string,
): string {
  return decryptSecret(ciphertext, context(projectId, endpointId));
}
