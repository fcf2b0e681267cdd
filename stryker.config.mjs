// @ts-check
/**
 * Mutation testing (`npm run mutate`): StrykerJS changes the code one small mutation at a time and runs the tests
 * that cover it; a mutant that no test notices points at behaviour nobody checks. Stryker 9.x: 10.x needs Node 22.
 * Runs are incremental: results of unchanged code and unchanged tests are reused from the results file, which is kept
 * in the repository so that every checkout starts from the last run; a re-run after a small change takes minutes.
 * Surviving mutants are killed with a test or listed in test/MUTANTS.md.
 *
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner", "./test/support/stryker-ignore-log-calls.mjs"],
  // The fast, in-process tests only: see the comment in that file. `related` is off: each mutant run already names
  // the tests that covered it, and finding related files would crawl the import graph on every run.
  vitest: { configFile: "stryker.vitest.config.ts", related: false },
  // Log calls are not mutated (see that plugin).
  ignorers: ["log-calls"],
  // Each mutant runs only the tests that reached it in the initial run.
  coverageAnalysis: "perTest",
  // Mutants that run while modules load (constants, decorator options) are reached by every test, so each would
  // cost a run of the whole set; they are left out and reported as ignored.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: "test/stryker-incremental.json",
  mutate: [
    "src/providers/**/*.ts",
    // Wire DTOs and the graph-facing records: declarations only.
    "!src/providers/*/types.ts",
    "!src/providers/*/model.ts",
    "src/profile/**/*.ts",
    "src/server.ts",
    "src/schema/**/*.resolver.ts",
    "src/schema/user/user.reference.ts",
    "src/schema/user/user-id.ts",
    "src/schema/profile/profile-sources.ts",
  ],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // The score the project keeps over src/providers/ is 85 % (README, Contributing); `break` stays off so a run
  // always writes its report.
  thresholds: { high: 90, low: 85, break: null },
  // Two Stryker processes on a 2-core machine; each runs vitest in one worker thread.
  concurrency: 2,
  timeoutMS: 10_000,
  tempDirName: ".stryker-tmp",
};
