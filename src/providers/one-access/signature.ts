import { constants, createPublicKey, publicEncrypt, type KeyObject } from "node:crypto";
import forge from "node-forge";

/**
 * The MGF1 digest of the RSA-OAEP signature. The OAEP digest is SHA-256 either way. The vendor's Java sample
 * names `RSA/ECB/OAEPWithSHA-256AndMGF1Padding`, which the JDK's default provider runs with MGF1 over SHA-1
 * (checked with OpenJDK 17): that is the default. `sha256` uses SHA-256 for both, for tenants configured so.
 */
export type Mgf1Hash = "sha1" | "sha256";

export const DEFAULT_MGF1_HASH: Mgf1Hash = "sha1";

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

/** OAEP options for node-forge, which (unlike node:crypto) lets the MGF1 digest differ from the OAEP one. */
export function forgeOaepOptions(mgf1: Mgf1Hash) {
  return {
    md: forge.md.sha256.create(),
    mgf1: { md: mgf1 === "sha1" ? forge.md.sha1.create() : forge.md.sha256.create() },
  };
}

/** node-forge's copy of a public key, made once per key (the key is fetched once and cached by the client). */
const forgeKeys = new WeakMap<KeyObject, forge.pki.rsa.PublicKey>();

/**
 * `X-signature`: Base64 of RSA-OAEP (OAEP digest SHA-256, MGF1 digest as configured) over
 * `session_token=…&timestamp=…&nonce=…`.
 */
export function signSession(
  publicKey: KeyObject,
  sessionToken: string,
  timestamp: string,
  mgf1: Mgf1Hash = DEFAULT_MGF1_HASH,
): string {
  const plaintext = Buffer.from(signaturePlaintext(sessionToken, timestamp), "utf8");
  if (mgf1 === "sha256") {
    return publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      plaintext,
    ).toString("base64");
  }
  let key = forgeKeys.get(publicKey);
  if (!key) {
    key = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
    forgeKeys.set(publicKey, key);
  }
  const encrypted = key.encrypt(plaintext.toString("binary"), "RSA-OAEP", forgeOaepOptions(mgf1));
  return Buffer.from(encrypted, "binary").toString("base64");
}
