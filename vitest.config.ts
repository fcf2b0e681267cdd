import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql module for everyone: Node resolves `graphql` to its CommonJS build, and so must Vite, or
    // schemas built by one copy are rejected by the other ("another module or realm").
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start servers on port 0; files run in parallel, tests in one file in order.
    pool: "forks",
  },
});
