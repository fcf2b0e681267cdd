import { defineSource } from "../../domain/source.js";
import { OneAccessClient, type OneAccessClientOptions } from "./client.js";
import { oneAccessSettings, type OneAccessConfig, type OneAccessEmulatorSettings } from "./config.js";
import { ONEACCESS_REQUEST_HEADERS } from "./device.js";
import type { OneAccessProfileRecord } from "./model.js";
import { oneAccessViewerCredential } from "./viewer-credential.js";

/** Huawei OneAccess: the signed-in user's own session, RSA-OAEP signed; the viewer only. */
export const oneAccessSource = defineSource<
  "oneAccess",
  OneAccessConfig,
  OneAccessClient,
  OneAccessProfileRecord,
  OneAccessClientOptions,
  OneAccessEmulatorSettings
>({
  name: "oneAccess",
  label: "Huawei OneAccess",
  settings: oneAccessSettings,
  createClient: (config, { logger }, options) => new OneAccessClient({ ...config, logger, ...options }),
  access: { kind: "viewer", headers: ONEACCESS_REQUEST_HEADERS, readCredential: oneAccessViewerCredential },
  profile: {
    displayName: (r) => r.nickname ?? r.name ?? ([r.firstName, r.lastName].filter(Boolean).join(" ") || null),
    avatarUrl: (r) => r.avatarUrl,
    email: (r) => r.email,
    phone: (r) => r.mobile,
    gender: (r) => r.gender,
    birthday: (r) => r.birthday,
  },
});
