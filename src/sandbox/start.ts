import type { SandboxConfig } from "../config.js";
import { SOURCE_NAMES, sourceNamed, type SourceName } from "../providers/registry.js";
import { SANDBOX_EMULATORS } from "./emulators.js";
import type { BaseFaults, EmulatorServer } from "./emulators/shared/emulator-server.js";

export interface RunningEmulators {
  urls: Partial<Record<SourceName, string>>;
  close(): Promise<void>;
}

/**
 * Starts every emulator with the sandbox credentials on the configured ports. The sandbox config the service
 * runs with points its providers at these same ports and credentials. If one cannot listen (port taken), the
 * others are closed again and the error says which.
 */
export async function startSandboxEmulators(sandbox: SandboxConfig): Promise<RunningEmulators> {
  const emulators = new Map<SourceName, EmulatorServer<BaseFaults>>();
  for (const name of SOURCE_NAMES) {
    const create = SANDBOX_EMULATORS[name]?.create as
      ((settings: unknown) => EmulatorServer<BaseFaults>) | undefined;
    const settings = sandbox.emulators[name];
    if (create && settings) emulators.set(name, create(settings));
  }
  const close = async () => {
    await Promise.all([...emulators.values()].map((emulator) => emulator.close()));
  };
  const urls: RunningEmulators["urls"] = {};
  for (const [name, emulator] of emulators) {
    try {
      urls[name] = await emulator.listen(sandbox.ports[name]);
    } catch (error) {
      await close();
      throw new Error(
        `The ${name} emulator cannot listen on port ${sandbox.ports[name]} (${(error as Error).message}); ` +
          `set ${sourceNamed(name).settings.emulatorPort.variable} to a free port.`,
        { cause: error },
      );
    }
  }
  return { urls, close };
}

/** One line per emulator for the start-up banner: what it emulates, where, and where its stats are. */
export function describeEmulators(urls: RunningEmulators["urls"]): string[] {
  return SOURCE_NAMES.flatMap((name) => {
    const url = urls[name];
    return url ? [`  ${SANDBOX_EMULATORS[name]?.endpoints}: ${url}  (stats: ${url}/__stats)`] : [];
  });
}
