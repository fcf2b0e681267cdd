import DataLoader from "dataloader";

/**
 * A per-request loader for an API that takes one key per call: each distinct key is fetched once per request
 * (the loader's cache is the point), all keys of a tick are fetched concurrently, and a failed key gets its own
 * error without failing the others.
 */
export function createSingleCallLoader<Value>(
  name: string,
  fetch: (key: string) => Promise<Value>,
): DataLoader<string, Value> {
  return new DataLoader<string, Value>(
    (keys) =>
      Promise.all(
        keys.map((key) =>
          fetch(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      ),
    { name },
  );
}
