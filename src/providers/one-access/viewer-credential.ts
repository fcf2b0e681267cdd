import type { IncomingHttpHeaders } from "node:http";
import type { ViewerCredential } from "../../viewer.js";
import type { OneAccessClient } from "./client.js";
import { ONEACCESS_SESSION_HEADER, readOneAccessCredentials } from "./device.js";
import { createOneAccessLoader } from "./loader.js";
import type { OneAccessProfileRecord } from "./model.js";

/** Decides, once per request, what the `oneAccess` field can do with the request's headers. */
export function oneAccessViewerCredential(
  client: OneAccessClient,
  headers: IncomingHttpHeaders,
): ViewerCredential<OneAccessProfileRecord> {
  const credentials = readOneAccessCredentials(headers);
  if (credentials.status === "no-session") return { status: "missing", header: ONEACCESS_SESSION_HEADER };
  if (credentials.status === "malformed-session") {
    return {
      status: "invalid",
      message: `${ONEACCESS_SESSION_HEADER} must be at most 128 characters of A-Z a-z 0-9 . _ ~ + / = -`,
      extensions: { header: ONEACCESS_SESSION_HEADER },
    };
  }
  if (credentials.status === "missing-device-headers") {
    return {
      status: "invalid",
      message: `Huawei OneAccess needs the device headers ${credentials.missing.join(", ")}`,
      extensions: { missingHeaders: credentials.missing },
    };
  }
  const loader = createOneAccessLoader(client, credentials.device);
  return { status: "ready", load: () => loader.load(credentials.sessionToken) };
}
