import type { KeyObject } from "node:crypto";
import { silentLogger, type Logger } from "../../logger.js";
import {
  createHttpClient,
  httpStatusError,
  transportError,
  type HttpClient,
  type HttpResponse,
} from "../http.js";
import type { OneAccessConfig } from "./config.js";
import type { OneAccessDevice } from "./device.js";
import { ONEACCESS_ERRORS, oneAccessError } from "./error-codes.js";
import { parsePublicKey, signSession } from "./signature.js";
import type {
  OneAccessErrorResponse,
  OneAccessProfileResponse,
  PublicKeyResponse,
  ServerDateResponse,
} from "./types.js";

export const SERVER_DATE_PATH = "/api/v2/sdk/server-date";
export const PUBLIC_KEY_PATH = "/api/v2/sdk/public-key";
export const PROFILE_PATH = "/api/v2/sdk/profile";

/** The source's settings (ISV applications on the common domain name their tenant), and what tests replace. */
export interface OneAccessClientOptions extends OneAccessConfig {
  http?: HttpClient;
  logger?: Logger;
}

const LABEL = "Huawei OneAccess";

/**
 * Client of the OneAccess SDK profile API for the signed-in user's own session. The application's public key
 * is fetched once and cached (fetched again once when OneAccess cannot decrypt a signature, as after a key
 * rotation); every profile call takes a fresh server date and signs `session_token, timestamp, nonce` with it.
 */
export class OneAccessClient {
  private readonly http: HttpClient;
  private readonly logger: Logger;
  private publicKey: Promise<KeyObject> | undefined;
  /**
   * Profile calls in flight, by session and device: concurrent requests of one viewer share one call. Two calls
   * signed within the same server-date tick would carry the same signature, and OneAccess refuses the second as a
   * replay (APP.0005). Nothing outlives the call.
   */
  private readonly inFlight = new Map<string, Promise<OneAccessProfileResponse>>();

  constructor(private readonly options: OneAccessClientOptions) {
    this.http = options.http ?? createHttpClient({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.logger = options.logger ?? silentLogger;
  }

  /** The profile of the session's user. Throws a SourceError (UNAUTHENTICATED for a bad session). */
  profile(sessionToken: string, device: OneAccessDevice): Promise<OneAccessProfileResponse> {
    const key = JSON.stringify([sessionToken, device]);
    let call = this.inFlight.get(key);
    if (!call) {
      call = this.fetchProfile(sessionToken, device).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, call);
    }
    return call;
  }

  private async fetchProfile(
    sessionToken: string,
    device: OneAccessDevice,
  ): Promise<OneAccessProfileResponse> {
    let response = await this.signedProfileCall(sessionToken, device);
    if (errorCodeOf(response) === ONEACCESS_ERRORS.SIGNATURE_INVALID) {
      this.logger.info("oneAccess could not decrypt the signature; fetching the public key again", {});
      this.publicKey = undefined;
      response = await this.signedProfileCall(sessionToken, device);
    } else if (errorCodeOf(response) === ONEACCESS_ERRORS.SIGNATURE_REPLAYED) {
      // Another replica (or an earlier call in the same tick) signed with the same server date: sign anew.
      this.logger.info("oneAccess refused a replayed signature; signing again with a fresh server date", {});
      response = await this.signedProfileCall(sessionToken, device);
    }
    if (response.status === 200) {
      if (isRecord(response.data)) return response.data as OneAccessProfileResponse;
      throw httpStatusError(response.status, "oneAccess", `${LABEL} (an answer that is not a profile)`);
    }
    const code = errorCodeOf(response);
    if (code === undefined) throw httpStatusError(response.status, "oneAccess", LABEL);
    if (code !== ONEACCESS_ERRORS.SESSION_INVALID) {
      this.logger.warn("oneAccess refused the profile request", {
        code,
        info: (response.data as OneAccessErrorResponse).error_msg,
      });
    }
    throw oneAccessError(code);
  }

  private async signedProfileCall(
    sessionToken: string,
    device: OneAccessDevice,
  ): Promise<HttpResponse<unknown>> {
    const [key, timestamp] = await Promise.all([this.applicationKey(device), this.serverDate(device)]);
    const signature = signSession(key, sessionToken, timestamp, this.options.mgf1Hash);
    return this.get(PROFILE_PATH, device, { "X-signature": signature });
  }

  private applicationKey(device: OneAccessDevice): Promise<KeyObject> {
    this.publicKey ??= this.fetchPublicKey(device).catch((error: unknown) => {
      this.publicKey = undefined;
      throw error;
    });
    return this.publicKey;
  }

  private async fetchPublicKey(device: OneAccessDevice): Promise<KeyObject> {
    const response = await this.get(PUBLIC_KEY_PATH, device);
    const body = response.data as Partial<PublicKeyResponse> | undefined;
    if (response.status !== 200 || typeof body?.public_key !== "string") {
      throw this.helperError(response, "public key");
    }
    try {
      return parsePublicKey(body.public_key);
    } catch {
      throw httpStatusError(response.status, "oneAccess", `${LABEL} (public key that does not parse)`);
    }
  }

  private async serverDate(device: OneAccessDevice): Promise<string> {
    const response = await this.get(SERVER_DATE_PATH, device);
    const body = response.data as Partial<ServerDateResponse> | undefined;
    const timestamp = body?.timestamp;
    if (response.status !== 200 || (typeof timestamp !== "string" && typeof timestamp !== "number")) {
      throw this.helperError(response, "server date");
    }
    return String(timestamp);
  }

  private helperError(response: HttpResponse<unknown>, what: string) {
    const code = errorCodeOf(response);
    return code ? oneAccessError(code) : httpStatusError(response.status, "oneAccess", `${LABEL} ${what}`);
  }

  private async get(path: string, device: OneAccessDevice, extra: Record<string, string> = {}) {
    try {
      return await this.http.get<unknown>(path, { headers: { ...this.headers(device), ...extra } });
    } catch (error) {
      throw transportError(error, "oneAccess", LABEL);
    }
  }

  /** The documented headers: the end user's device (forwarded) and this application's identity. */
  private headers(device: OneAccessDevice): Record<string, string> {
    return {
      "X-operating-sys-version": device.operatingSystemVersion,
      "X-device-fingerprint": device.fingerprint,
      "X-agent": device.agent,
      "X-client-id": this.options.clientId,
      ...(device.ip ? { "X-device-ip": device.ip } : {}),
      ...(device.language ? { "X-L": device.language } : {}),
      ...(this.options.tenantId ? { "X-tenant-id": this.options.tenantId } : {}),
    };
  }
}

function errorCodeOf(response: HttpResponse<unknown>): string | undefined {
  const body = response.data as Partial<OneAccessErrorResponse> | undefined;
  return response.status === 400 && typeof body?.error_code === "string" ? body.error_code : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
