import type { IncomingHttpHeaders } from "node:http";
import { USER_ID } from "./domain/user-id.js";

/** The signed-in user, as the router vouches for them. */
export interface Viewer {
  id: string;
}

export type ViewerIdentity =
  | { status: "signed-in"; viewer: Viewer }
  | { status: "anonymous" }
  /** The header is there but is not a user id: a router misconfiguration, never treated as a viewer. */
  | { status: "invalid" };

/**
 * Reads the viewer's id from the trusted header (set by the router after it authenticated the caller; the router
 * must strip it from what clients send).
 */
export function readViewer(headers: IncomingHttpHeaders, headerName: string): ViewerIdentity {
  const raw = headers[headerName.toLowerCase()];
  const id = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!id) return { status: "anonymous" };
  return USER_ID.test(id) ? { status: "signed-in", viewer: { id } } : { status: "invalid" };
}

/**
 * What a viewer-only source can do for this request, decided once from the request's headers:
 * not configured, no credential sent, credential unusable (with the reason), or ready to load.
 */
export type ViewerCredential<Value> =
  | { status: "disabled" }
  | { status: "missing"; header: string }
  | { status: "invalid"; message: string; extensions: Record<string, unknown> }
  | { status: "ready"; load(): Promise<Value> };

export const firstHeader = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
};
