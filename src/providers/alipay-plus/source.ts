import { defineSource } from "../../domain/source.js";
import { AlipayPlusClient, type AlipayPlusClientOptions } from "./client.js";
import { alipayPlusSettings, type AlipayPlusConfig, type AlipayPlusEmulatorSettings } from "./config.js";
import type { AlipayPlusUserInfoRecord } from "./model.js";
import { ALIPAY_PLUS_TOKEN_HEADER, alipayPlusViewerCredential } from "./viewer-credential.js";

const mobileOf = (items: { type: string | null; value: string | null }[] | undefined) =>
  items?.find((item) => item.type === "MOBILE_PHONE" && item.value)?.value ?? null;

/** Alipay+ mini-program wallet: the signed-in user's own access token, RSA256 signed; the viewer only. */
export const alipayPlusSource = defineSource<
  "alipayPlus",
  AlipayPlusConfig,
  AlipayPlusClient,
  AlipayPlusUserInfoRecord,
  AlipayPlusClientOptions,
  AlipayPlusEmulatorSettings
>({
  name: "alipayPlus",
  label: "Alipay+",
  settings: alipayPlusSettings,
  createClient: (config, { logger, clock }, options) =>
    new AlipayPlusClient({ ...config, logger, clock, ...options }),
  access: { kind: "viewer", headers: [ALIPAY_PLUS_TOKEN_HEADER], readCredential: alipayPlusViewerCredential },
  profile: {
    displayName: (r) =>
      r.userName?.fullName ??
      ([r.userName?.firstName, r.userName?.lastName].filter(Boolean).join(" ") || null),
    avatarUrl: (r) => r.avatarUrl,
    phone: (r) =>
      mobileOf(r.contacts?.map((contact) => ({ type: contact.type, value: contact.number }))) ??
      mobileOf(r.loginIds?.map((login) => ({ type: login.type, value: login.loginId }))),
    gender: (r) => r.gender,
    birthday: (r) => r.birthDate,
    nationality: (r) => r.nationality,
  },
});
