import {
  constants,
  createHash,
  generateKeyPairSync,
  privateDecrypt,
  type KeyPairKeyObjectResult,
} from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { systemClock, type Clock } from "../../../domain/clock.js";
import { PROFILE_PATH, PUBLIC_KEY_PATH, SERVER_DATE_PATH } from "../../../providers/one-access/client.js";
import { ONE_ACCESS_DEFAULTS } from "../../../providers/one-access/config.js";
import { ONEACCESS_ERRORS } from "../../../providers/one-access/error-codes.js";
import type { Mgf1Hash } from "../../../providers/one-access/signature.js";
import type { OneAccessProfileResponse } from "../../../providers/one-access/types.js";
import { EmulatorServer, type BaseFaults } from "../shared/emulator-server.js";
import { seedOneAccessProfiles, seedOneAccessSessions, type OneAccessSession } from "./seed.js";

/** How the emulator hands out its public key; OneAccess tenants have been seen doing all three. */
export type PublicKeyFormat = "pem" | "base64" | "escaped-pem";

export interface OneAccessEmulatorOptions {
  clientId: string;
  tenantId?: string;
  /** The RSA key pair it decrypts signatures with (default: a new 2048-bit pair). */
  keyPair?: KeyPairKeyObjectResult;
  publicKeyFormat?: PublicKeyFormat;
  /** The MGF1 digest this tenant decrypts with (default sha1, as the vendor's Java sample). */
  mgf1Hash?: Mgf1Hash;
  /** A signature whose timestamp is further than this from the server's clock is refused (default 5 minutes). */
  maxClockSkewMs?: number;
  profiles?: Map<string, OneAccessProfileResponse>;
  sessions?: Map<string, OneAccessSession>;
  clock?: Clock;
}

export interface OneAccessFaults extends BaseFaults {
  /** When set, every profile call answers 400 with this error_code. */
  profileErrorCode: string | null;
}

const REQUIRED_HEADERS = ["x-operating-sys-version", "x-device-fingerprint", "x-agent", "x-client-id"];

/**
 * Huawei OneAccess's SDK `server-date`, `public-key` and `profile`. It holds an RSA key pair, requires the
 * documented headers, decrypts `X-signature` (RSA-OAEP, SHA-256) with its private key, and refuses a signature
 * that is stale, whose nonce is not the timestamp in hex, that it has seen before, or whose session is unknown or
 * expired, each with 400 and an error code. It decrypts with code of its own (raw RSA from node:crypto, then the
 * OAEP decoding of RFC 8017), not the service's signer, so a signing bug in the service fails against it.
 */
export class OneAccessEmulator extends EmulatorServer<OneAccessFaults> {
  private keys: KeyPairKeyObjectResult;
  private readonly clock: Clock;
  private readonly profiles: Map<string, OneAccessProfileResponse>;
  private readonly sessions: Map<string, OneAccessSession>;
  private readonly seenSignatures = new Set<string>();

  constructor(private readonly options: OneAccessEmulatorOptions) {
    super({ latencyMs: 0, profileErrorCode: null });
    this.keys = options.keyPair ?? generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.clock = options.clock ?? systemClock;
    this.profiles = options.profiles ?? seedOneAccessProfiles();
    this.sessions = options.sessions ?? seedOneAccessSessions(100, this.clock.now());
    const headers = (req: Request, res: Response, next: NextFunction) => this.checkHeaders(req, res, next);
    this.app.get(SERVER_DATE_PATH, headers, (_req, res) => {
      res.json({ timestamp: String(this.clock.now()) });
    });
    this.app.get(PUBLIC_KEY_PATH, headers, (_req, res) => {
      res.json({ public_key: this.formattedPublicKey() });
    });
    this.app.get(PROFILE_PATH, headers, (req, res) => this.profile(req, res));
  }

  override reset(): void {
    super.reset();
    this.faults.profileErrorCode = null;
  }

  /** A new key pair, as after a key rotation: signatures made with the old public key stop decrypting. */
  rotateKey(): void {
    this.keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  }

  /**
   * RSA-OAEP with SHA-256, and MGF1 over the tenant's digest: node:crypto's OAEP cannot mix the two, so the RSA
   * step is node:crypto's without padding and the OAEP decoding is done here. Throws when it does not decode.
   */
  private decrypt(ciphertext: Buffer): string {
    const encoded = privateDecrypt(
      { key: this.keys.privateKey, padding: constants.RSA_NO_PADDING },
      ciphertext,
    );
    return decodeOaep(encoded, this.options.mgf1Hash ?? ONE_ACCESS_DEFAULTS.mgf1Hash).toString("utf8");
  }

  private formattedPublicKey(): string {
    const pem = this.keys.publicKey.export({ type: "spki", format: "pem" }).toString();
    switch (this.options.publicKeyFormat ?? "pem") {
      case "base64":
        return this.keys.publicKey.export({ type: "spki", format: "der" }).toString("base64");
      case "escaped-pem":
        return pem.replace(/\n/g, "\\n");
      default:
        return pem;
    }
  }

  private checkHeaders(req: Request, res: Response, next: NextFunction): void {
    const missing = REQUIRED_HEADERS.filter((name) => !req.header(name));
    if (missing.length > 0)
      return refuse(res, ONEACCESS_ERRORS.REQUEST_INVALID, `missing headers: ${missing.join(", ")}`);
    if (req.header("x-client-id") !== this.options.clientId) {
      return refuse(res, ONEACCESS_ERRORS.REQUEST_INVALID, "unknown client id");
    }
    if (this.options.tenantId !== undefined && req.header("x-tenant-id") !== this.options.tenantId) {
      return refuse(res, ONEACCESS_ERRORS.REQUEST_INVALID, "unknown tenant id");
    }
    next();
  }

  private profile(req: Request, res: Response): void {
    if (this.faults.profileErrorCode) return refuse(res, this.faults.profileErrorCode, "fault switch");
    const signature = req.header("x-signature");
    if (!signature) return refuse(res, ONEACCESS_ERRORS.REQUEST_INVALID, "missing X-signature");
    let plaintext: string;
    try {
      plaintext = this.decrypt(Buffer.from(signature, "base64"));
    } catch {
      return refuse(res, ONEACCESS_ERRORS.SIGNATURE_INVALID, "signature verification failed");
    }
    const fields = new URLSearchParams(plaintext);
    const token = fields.get("session_token") ?? "";
    const timestamp = fields.get("timestamp") ?? "";
    const nonce = fields.get("nonce") ?? "";
    if (
      !/^\d+$/.test(timestamp) ||
      Math.abs(this.clock.now() - Number(timestamp)) > (this.options.maxClockSkewMs ?? 300_000)
    ) {
      return refuse(res, ONEACCESS_ERRORS.TIMESTAMP_EXPIRED, "timestamp expired");
    }
    if (nonce !== BigInt(timestamp).toString(16))
      return refuse(res, ONEACCESS_ERRORS.NONCE_INVALID, "invalid nonce");
    if (this.seenSignatures.has(plaintext))
      return refuse(res, ONEACCESS_ERRORS.SIGNATURE_REPLAYED, "replayed signature");
    this.seenSignatures.add(plaintext);
    const session = this.sessions.get(token);
    if (!session || session.expiresAt <= this.clock.now()) {
      return refuse(res, ONEACCESS_ERRORS.SESSION_INVALID, "session token is invalid or expired");
    }
    this.stats.countAccounts(PROFILE_PATH, 1);
    res.json(this.profiles.get(session.userId) ?? {});
  }
}

function refuse(res: Response, errorCode: string, message: string): void {
  res.status(400).json({ error_code: errorCode, error_msg: message });
}

/** OAEP's digest, as the vendor's `OAEPWithSHA-256AndMGF1Padding` names it. */
const OAEP_HASH = "sha256";
const OAEP_HASH_LENGTH = 32;

/** MGF1 (RFC 8017, B.2.1): `length` bytes of digest(seed ‖ counter), counter a 4-byte big-endian integer. */
function mgf1(seed: Buffer, length: number, digest: Mgf1Hash): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0, produced = 0; produced < length; counter++) {
    const suffix = Buffer.alloc(4);
    suffix.writeUInt32BE(counter);
    const block = createHash(digest).update(seed).update(suffix).digest();
    blocks.push(block);
    produced += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((byte, index) => byte ^ b[index]!));

/**
 * EME-OAEP decoding (RFC 8017, 7.1.2 step 3) with an empty label: `0x00 ‖ maskedSeed ‖ maskedDB`, where the
 * unmasked DB is `SHA-256("") ‖ 0x00… ‖ 0x01 ‖ message`. Throws on anything else.
 */
function decodeOaep(encoded: Buffer, mgf1Digest: Mgf1Hash): Buffer {
  if (encoded.length < 2 * OAEP_HASH_LENGTH + 2 || encoded[0] !== 0) throw new Error("not an OAEP encoding");
  const maskedSeed = encoded.subarray(1, 1 + OAEP_HASH_LENGTH);
  const maskedDb = encoded.subarray(1 + OAEP_HASH_LENGTH);
  const seed = xor(maskedSeed, mgf1(maskedDb, OAEP_HASH_LENGTH, mgf1Digest));
  const db = xor(maskedDb, mgf1(seed, maskedDb.length, mgf1Digest));
  const emptyLabelHash = createHash(OAEP_HASH).digest();
  const separator = db.indexOf(0x01, OAEP_HASH_LENGTH);
  const padding = db.subarray(OAEP_HASH_LENGTH, separator);
  if (
    !db.subarray(0, OAEP_HASH_LENGTH).equals(emptyLabelHash) ||
    separator === -1 ||
    padding.some((byte) => byte !== 0)
  ) {
    throw new Error("not an OAEP encoding");
  }
  return db.subarray(separator + 1);
}
