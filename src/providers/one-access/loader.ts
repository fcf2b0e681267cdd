import type DataLoader from "dataloader";
import { createSingleCallLoader } from "../single-call-loader.js";
import type { OneAccessClient } from "./client.js";
import type { OneAccessDevice } from "./device.js";
import { toOneAccessProfile } from "./mapper.js";
import type { OneAccessProfileRecord } from "./model.js";

export type OneAccessLoader = DataLoader<string, OneAccessProfileRecord>;

/**
 * One per request, keyed by session token: however many `oneAccess` selections a request makes (aliases, `me`
 * and `user(id: <viewer>)`), the profile is fetched once. The device is the request's own.
 */
export function createOneAccessLoader(client: OneAccessClient, device: OneAccessDevice): OneAccessLoader {
  return createSingleCallLoader("oneAccess", async (token) =>
    toOneAccessProfile(await client.profile(token, device)),
  );
}
