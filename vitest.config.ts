import { createRequire } from "node:module";
import { defineConfig, mergeConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * Tests that measure behaviour under load (a fleet of replica processes, a Redis outage mid-load, a real browser)
 * run after the others and one file at a time: on a 2-core machine, sharing the cores with the rest of the suite
 * would measure the machine rather than the service.
 */
const UNDER_LOAD = ["test/fleet/**/*.test.ts", "test/e2e/**/*.test.ts", "test/integration/deadlines.test.ts"];

/** What every test run shares, this one and the mutation runs' (stryker.vitest.config.ts). */
export const sharedTestConfig = defineConfig({
  resolve: {
    // One graphql module for everyone: Node resolves `graphql` to its CommonJS build, and so must Vite, or
    // schemas built by one copy are rejected by the other ("another module or realm").
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    setupFiles: ["reflect-metadata"],
    // One temp folder per run, removed at its end, and the RSA key pairs the tests use, made once per run (see
    // those files).
    globalSetup: ["test/support/temp-folder.ts", "test/support/key-pairs.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});

export default mergeConfig(sharedTestConfig, {
  test: {
    // Integration tests start servers on port 0; files run in parallel, tests in one file in order.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["test/**/*.test.ts"],
          exclude: UNDER_LOAD,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "under-load",
          include: UNDER_LOAD,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
