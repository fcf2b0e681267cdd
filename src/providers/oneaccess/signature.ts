import { constants, createPublicKey, publicEncrypt, type KeyObject } from "node:crypto";

/**
 * Parses the application's public key as OneAccess delivers it: PEM, bare Base64 of the DER
 * SubjectPublicKeyInfo, or either with literal `\n` sequences instead of line breaks.
 */
export function parsePublicKey(text: string): KeyObject {
  const normalised = text.replace(/\\n/g, "\n").trim();
  if (normalised.includes("-----BEGIN")) return createPublicKey(normalised);
  return createPublicKey({
    key: Buffer.from(normalised.replace(/\s+/g, ""), "base64"),
    format: "der",
    type: "spki",
  });
}

/**
 * The nonce is the server timestamp written in lowercase hex. The timestamp's unit is undocumented, so it is
 * treated as an opaque integer string; a non-numeric one is hex-encoded byte by byte rather than rejected.
 */
export function nonceFor(timestamp: string): string {
  return /^\d+$/.test(timestamp)
    ? BigInt(timestamp).toString(16)
    : Buffer.from(timestamp, "utf8").toString("hex");
}

/** The plaintext the signature encrypts. */
export function signaturePlaintext(sessionToken: string, timestamp: string): string {
  return `session_token=${sessionToken}&timestamp=${timestamp}&nonce=${nonceFor(timestamp)}`;
}

/**
 * `X-signature`: Base64 of RSA-OAEP (SHA-256 for both the OAEP digest and MGF1, as the vendor's Java
 * `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` sample) over the plaintext above.
 */
export function signSession(publicKey: KeyObject, sessionToken: string, timestamp: string): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(signaturePlaintext(sessionToken, timestamp), "utf8"),
  ).toString("base64");
}
