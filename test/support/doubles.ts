import { expect, vi } from "vitest";
import type { SourceError } from "../../src/errors.js";
import type { Logger } from "../../src/logger.js";

/** A logger whose every level is a spy: tests count what was logged at which level. */
export const recordingLogger = () =>
  ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }) satisfies Logger;

/** The SourceError a call rejects with, as the graph sees it: message, extensions, configuration flag. */
export async function failure(call: Promise<unknown>) {
  const error = (await call.then(
    () => expect.unreachable("the call should fail"),
    (e: unknown) => e,
  )) as SourceError;
  return { message: error.message, extensions: error.extensions, configuration: error.configuration };
}
