import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Vitest global setup: every temporary file of a test run goes into one folder of the system temp directory,
 * removed when the run ends, so a run leaves nothing behind even when a test forgets to clean up or a process it
 * started writes its own (tsx keeps its compile cache in the temp directory). The test processes inherit TMPDIR;
 * processes the tests start with an environment of their own are given it (`childEnvironment` in process.ts).
 */
export function setup(): () => void {
  // Projects of one run may each call this: the first folder serves them all.
  if (process.env.PROFILE_TEST_RUN_TMPDIR) return () => {};
  const folder = mkdtempSync(join(tmpdir(), "profile-test-run-"));
  process.env.PROFILE_TEST_RUN_TMPDIR = folder;
  process.env.TMPDIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
