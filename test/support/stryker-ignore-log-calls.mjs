// @ts-check
import { PluginKind, declareValuePlugin } from "@stryker-mutator/api/plugin";

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

/** `logger` or `….logger`: the service's structured logger, however it is reached. */
const isLogger = (/** @type {import("@babel/types").Node} */ node) =>
  (node.type === "Identifier" && node.name === "logger") ||
  (node.type === "MemberExpression" &&
    node.property.type === "Identifier" &&
    node.property.name === "logger");

/**
 * A Stryker ignorer (`npm run mutate`) for log calls: `logger.warn(…)`, `this.logger[level](…)`. Their messages
 * and fields are for operators; what matters to users (no secret in a log line) has its own tests, and a mutant
 * that only rewords a log line would survive and cost a full run of every test that covers it.
 */
export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "log-calls", {
    shouldIgnore(/** @type {import("@babel/core").NodePath} */ path) {
      const node = path.node;
      if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression") return undefined;
      const { object, property, computed } = node.callee;
      if (!isLogger(object)) return undefined;
      if (computed || (property.type === "Identifier" && LEVELS.has(property.name))) {
        return "A log line: worded for operators, checked for secrets by its own tests.";
      }
      return undefined;
    },
  }),
];
