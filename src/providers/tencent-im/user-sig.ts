import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";
import { systemClock, type Clock } from "../../domain/clock.js";

/** The text that TLS.sig signs (UserSig version 2, without a userbuf). */
export function userSigContent(identifier: string, sdkAppId: number, time: number, expire: number): string {
  return (
    `TLS.identifier:${identifier}\n` +
    `TLS.sdkappid:${sdkAppId}\n` +
    `TLS.time:${time}\n` +
    `TLS.expire:${expire}\n`
  );
}

/** Base64 of HMAC-SHA256 keyed with the console secret key (as UTF-8 text). */
export function userSigHmac(secretKey: string, content: string): string {
  return createHmac("sha256", secretKey).update(content, "utf8").digest("base64");
}

/** Tencent's URL-safe Base64: `+` → `*`, `/` → `-`, `=` → `_`. */
export function toTencentBase64(buffer: Buffer): string {
  return buffer.toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

export function fromTencentBase64(text: string): Buffer {
  return Buffer.from(text.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64");
}

export interface UserSigInput {
  sdkAppId: number;
  secretKey: string;
  identifier: string;
  /** Lifetime in seconds (TLS.expire is a duration, not a point in time). */
  expireSeconds: number;
  /** Unix seconds. */
  time: number;
}

/** Generates a UserSig v2: the signed JSON, zlib-deflated, in Tencent's URL-safe Base64. */
export function generateUserSig(input: UserSigInput): string {
  const content = userSigContent(input.identifier, input.sdkAppId, input.time, input.expireSeconds);
  // Key order is part of the format.
  const json = JSON.stringify({
    "TLS.ver": "2.0",
    "TLS.identifier": input.identifier,
    "TLS.sdkappid": input.sdkAppId,
    "TLS.time": input.time,
    "TLS.expire": input.expireSeconds,
    "TLS.sig": userSigHmac(input.secretKey, content),
  });
  return toTencentBase64(deflateSync(Buffer.from(json, "utf8")));
}

export interface UserSigSource {
  /** A UserSig valid for at least a while longer. */
  current(): string;
  /** Forget the cached UserSig (Tencent said it expired): the next `current()` signs a new one. */
  invalidate(): void;
}

export interface UserSigCacheOptions {
  sdkAppId: number;
  secretKey: string;
  identifier: string;
  /** Default one day. */
  lifetimeSeconds?: number;
  clock?: Clock;
}

/**
 * Signs once and reuses the UserSig until 80% of its lifetime has passed, so that a clock skew or a slow request
 * never sends one that Tencent already considers expired.
 */
export class UserSigCache implements UserSigSource {
  private cached: { sig: string; renewAt: number } | undefined;
  private readonly lifetimeSeconds: number;
  private readonly clock: Clock;

  constructor(private readonly options: UserSigCacheOptions) {
    this.lifetimeSeconds = options.lifetimeSeconds ?? 86_400;
    this.clock = options.clock ?? systemClock;
  }

  current(): string {
    const now = this.clock.now();
    if (this.cached && now < this.cached.renewAt) return this.cached.sig;
    const time = Math.floor(now / 1000);
    const sig = generateUserSig({
      sdkAppId: this.options.sdkAppId,
      secretKey: this.options.secretKey,
      identifier: this.options.identifier,
      expireSeconds: this.lifetimeSeconds,
      time,
    });
    this.cached = { sig, renewAt: (time + this.lifetimeSeconds * 0.8) * 1000 };
    return sig;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
