import type DataLoader from "dataloader";
import { sourceDisabled, type SourceName } from "../../errors.js";

/**
 * What every source field does: ask the request's loader for the key, or, when the deployment has not
 * configured the source (no loader), fail with SOURCE_DISABLED.
 */
export async function loadFromSource<Value>(
  source: SourceName,
  loader: DataLoader<string, Value | null> | null,
  key: string,
): Promise<Value | null> {
  if (!loader) throw sourceDisabled(source);
  return loader.load(key);
}
