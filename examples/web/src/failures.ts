import type { GraphQLFormattedError } from "graphql";
import type { ProfileSource } from "./__generated__/graphql.js";

/** One source that failed for one User of the answer. */
export interface SourceFailure {
  source: ProfileSource;
  /** `extensions.code`: SOURCE_UNAVAILABLE, UNAUTHENTICATED, … */
  code: string;
  message: string;
}

const SOURCES: readonly string[] = [
  "tencentIm",
  "quectel",
  "oneAccess",
  "alipayPlus",
] satisfies ProfileSource[];

const isSource = (value: unknown): value is ProfileSource =>
  typeof value === "string" && SOURCES.includes(value);

/**
 * The failed sources of the User at `userPath` (["users", 2] or ["me"]), from a partial answer's errors. A failed
 * source says so once per User: on its own field when the query selected it (path …, "tencentIm"), else on
 * `profile` (path …, "profile"), with `extensions.source` naming it either way.
 */
export function failuresAt(
  errors: readonly GraphQLFormattedError[] | undefined,
  userPath: readonly (string | number)[],
): Map<ProfileSource, SourceFailure> {
  const failures = new Map<ProfileSource, SourceFailure>();
  for (const error of errors ?? []) {
    const path = error.path ?? [];
    const under = path.length === userPath.length + 1 && userPath.every((key, index) => path[index] === key);
    const source = error.extensions?.source;
    if (!under || !isSource(source) || failures.has(source)) continue;
    failures.set(source, { source, code: String(error.extensions?.code ?? "ERROR"), message: error.message });
  }
  return failures;
}
