import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from "node:crypto";

/** The text signed in both directions: `POST {path}\n{Client-Id}.{time}.{body}` (time: Request- or Response-Time). */
export function signedContent(path: string, clientId: string, time: string, body: string): string {
  return `POST ${path}\n${clientId}.${time}.${body}`;
}

/** Base64 SHA256withRSA (PKCS#1 v1.5), URL-encoded when `urlEncode` (the official SDKs do; one wallet does not). */
export function sign(privateKey: KeyObject, content: string, urlEncode: boolean): string {
  const signature = createSign("RSA-SHA256").update(content, "utf8").sign(privateKey, "base64");
  return urlEncode ? encodeURIComponent(signature) : signature;
}

/** Verifies a signature in either form: Base64 as is, or URL-encoded Base64. */
export function verify(publicKey: KeyObject, content: string, signature: string): boolean {
  const base64 = signature.includes("%") ? safeDecode(signature) : signature;
  if (base64 === undefined) return false;
  return createVerify("RSA-SHA256").update(content, "utf8").verify(publicKey, base64, "base64");
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `algorithm=RSA256, keyVersion=1, signature=…` */
export function signatureHeader(keyVersion: number, signature: string): string {
  return `algorithm=RSA256, keyVersion=${keyVersion}, signature=${signature}`;
}

/** Reads `algorithm=…, keyVersion=…, signature=…` (order and spacing free); undefined when malformed. */
export function parseSignatureHeader(
  header: string | undefined,
): { algorithm: string; keyVersion: string; signature: string } | undefined {
  if (!header) return undefined;
  const fields = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const algorithm = fields.get("algorithm");
  const keyVersion = fields.get("keyVersion");
  const signature = fields.get("signature");
  return algorithm && keyVersion && signature ? { algorithm, keyVersion, signature } : undefined;
}

/** ISO 8601 with an explicit offset and no fraction, as the wallet expects: 2024-05-01T08:00:00+00:00. */
export function requestTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/**
 * Parses an RSA key given as PEM (with real or literal `\n` line breaks) or as bare Base64 DER (PKCS#8 for a
 * private key, SubjectPublicKeyInfo for a public one), the forms wallet consoles hand out.
 */
export function parseRsaKey(text: string, kind: "private" | "public"): KeyObject {
  const normalised = text.replace(/\\n/g, "\n").trim();
  if (normalised.includes("-----BEGIN")) {
    return kind === "private" ? createPrivateKey(normalised) : createPublicKey(normalised);
  }
  const der = Buffer.from(normalised.replace(/\s+/g, ""), "base64");
  return kind === "private"
    ? createPrivateKey({ key: der, format: "der", type: "pkcs8" })
    : createPublicKey({ key: der, format: "der", type: "spki" });
}
