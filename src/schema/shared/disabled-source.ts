import { ErrorCode, SourceError, type SourceName } from "../../errors.js";

/** The error of a source field whose provider this deployment has not configured. */
export function disabledSource(source: SourceName, label: string): SourceError {
  return new SourceError(`${label} is not configured on this deployment`, {
    code: ErrorCode.SOURCE_DISABLED,
    source,
  });
}
