import { OptionalWholeNumber, readVariables } from "../config/variables.js";

/** What one request may cost at most, before anything executes. */
export interface CostLimits {
  /** Distinct users across every field, alias and `_entities` representation. */
  maxUsers: number;
  /** Estimated upstream calls of any one source. */
  maxCallsPerSource: number;
  /** Objects and fields in the result, multiplied by list sizes. */
  maxResultSize: number;
  maxAliases: number;
  maxDepth: number;
  maxTokens: number;
}

/** Every default, in one place. */
export const COST_DEFAULTS: CostLimits = {
  maxUsers: 1000,
  maxCallsPerSource: 1000,
  maxResultSize: 200_000,
  maxAliases: 30,
  maxDepth: 12,
  maxTokens: 5000,
};

export class CostVariables {
  @OptionalWholeNumber(1, 100_000, "users")
  REQUEST_MAX_USERS?: number;

  @OptionalWholeNumber(1, 100_000, "calls")
  REQUEST_MAX_CALLS_PER_SOURCE?: number;

  @OptionalWholeNumber(1, 10_000_000, "objects and fields")
  REQUEST_MAX_RESULT_SIZE?: number;

  @OptionalWholeNumber(0, 10_000, "aliases")
  REQUEST_MAX_ALIASES?: number;

  @OptionalWholeNumber(1, 100, "levels")
  REQUEST_MAX_DEPTH?: number;

  @OptionalWholeNumber(100, 1_000_000, "tokens")
  REQUEST_MAX_TOKENS?: number;
}

export function readCostLimits(env: Record<string, string | undefined>, problems: string[]): CostLimits {
  const variables = readVariables(CostVariables, env, problems);
  return {
    maxUsers: variables.REQUEST_MAX_USERS ?? COST_DEFAULTS.maxUsers,
    maxCallsPerSource: variables.REQUEST_MAX_CALLS_PER_SOURCE ?? COST_DEFAULTS.maxCallsPerSource,
    maxResultSize: variables.REQUEST_MAX_RESULT_SIZE ?? COST_DEFAULTS.maxResultSize,
    maxAliases: variables.REQUEST_MAX_ALIASES ?? COST_DEFAULTS.maxAliases,
    maxDepth: variables.REQUEST_MAX_DEPTH ?? COST_DEFAULTS.maxDepth,
    maxTokens: variables.REQUEST_MAX_TOKENS ?? COST_DEFAULTS.maxTokens,
  };
}
