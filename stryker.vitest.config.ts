import { mergeConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { sharedTestConfig } from "./vitest.config.js";

/** Quick files before slow ones: unit tests load a few modules, integration tests the whole service and its stack. */
const FOLDER_ORDER = [
  "test/unit/",
  "test/emulators/",
  "test/interop/",
  "test/federation/",
  "test/fleet/",
  "test/",
];

/**
 * A mutant run stops at the first failing test (bail: the files after it are loaded but none of their hooks or tests
 * run), so the files that can kill a mutant cheaply go first. Vitest's own order is the opposite (the longest files
 * first, to keep parallel workers busy), which under a mutation run meant starting the whole stack, and running its
 * slow tests, for mutants a unit test kills.
 */
class QuickFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const path = file.moduleId.slice(file.project.config.root.length + 1);
      return FOLDER_ORDER.findIndex((folder) => path.startsWith(folder));
    };
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

/**
 * The tests `npm run mutate` runs against the mutants (see stryker.config.mjs). Stryker's vitest runner starts one
 * worker thread per mutant run and runs there the tests that covered the mutant, so what is here must be fast,
 * deterministic and exercise the mutated code in its own process:
 * - not the "under-load" project (a fleet of replica processes, the browser test, deadlines and call rates measured
 *   against the clock): slow, sensitive to a machine busy with mutants, and mostly run in other processes. Its two
 *   in-process files that measure no time (the answer cache and its cache hints, over the real Redis) stay;
 * - not the tests that start the service or its emulators as child processes (start-up, lifecycle, the emulator
 *   command, the fifth-source walkthrough): a child process loads the original code, never the mutant, so they
 *   cannot kill one and only cost time;
 * - not the README's configuration table test: it mocks node:crypto for its own file, which needs module isolation.
 * The JDK interop test stays: it signs in this process and checks the result with Java.
 *
 * Files share one module graph per run (`isolate: false`): importing the service costs about two seconds, which
 * would otherwise be paid again by every file a mutant run needs.
 */
export default mergeConfig(sharedTestConfig, {
  test: {
    isolate: false,
    sequence: { sequencer: QuickFilesFirst },
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/fleet/fleet.test.ts",
      "test/fleet/redis-outage.test.ts",
      "test/fleet/shared-budget.test.ts",
      "test/e2e/**",
      "test/integration/deadlines.test.ts",
      "test/integration/startup.test.ts",
      "test/integration/lifecycle.test.ts",
      "test/integration/emulators-cli.test.ts",
      "test/integration/fifth-source.test.ts",
      "test/unit/docs.test.ts",
    ],
  },
});
