import { defineSource } from "../../domain/source.js";
import { QuectelClient, type QuectelClientOptions } from "./client.js";
import { quectelSettings, type QuectelConfig, type QuectelEmulatorSettings } from "./config.js";
import { createQuectelLoader } from "./loader.js";
import type { QuectelEndUserRecord } from "./model.js";

const joined = (separator: string, ...parts: (string | null)[]) =>
  parts.filter(Boolean).join(separator) || null;

/** Quectel end-user center: server credentials (AccessKey login token), one user per call. */
export const quectelSource = defineSource<
  "quectel",
  QuectelConfig,
  QuectelClient,
  QuectelEndUserRecord,
  QuectelClientOptions,
  QuectelEmulatorSettings
>({
  name: "quectel",
  label: "Quectel",
  settings: quectelSettings,
  createClient: (config, { logger, clock }, options) =>
    new QuectelClient({ ...config, logger, clock, ...options }),
  access: { kind: "server", createLoader: createQuectelLoader },
  profile: {
    displayName: (r) => r.nickname,
    avatarUrl: (r) => r.avatarUrl,
    email: (r) => r.email,
    phone: (r) => r.phone,
    gender: (r) => r.gender,
    nationality: (r) => r.nationality,
    language: (r) => r.language,
    timezone: (r) => r.timezone,
    location: (r) => joined(", ", r.city, r.province),
  },
});
