import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OneAccessEmulator } from "../../src/sandbox/emulators/one-access/emulator.js";
import { parsePublicKey, signSession, signaturePlaintext } from "../../src/providers/one-access/signature.js";

const JAVA_SOURCE = fileURLToPath(new URL("./OneAccessSignature.java", import.meta.url));
const hasJava = spawnSync("java", ["-XX:-UsePerfData", "-version"], { stdio: "ignore" }).status === 0;

/**
 * Runs the vendor's transformation in a real JDK (single-file source launch, Java 11+), capturing both streams: a
 * failure's stack trace is asserted on, never printed. `-XX:-UsePerfData` keeps the JVM from writing its
 * hsperfdata file into the system temp directory.
 */
function runJava(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync("java", ["-XX:-UsePerfData", JAVA_SOURCE, ...args], {
    encoding: "utf8",
  });
  return { status, stdout, stderr };
}

/** The Java program's output, or a test failure that shows what Java printed. */
function java(...args: string[]): string {
  const run = runJava(...args);
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

// CI (.ci/run) installs a JDK and sets REQUIRE_JDK=1: there the interop tests always run, and a missing JDK fails.
describe("the JDK for the interop tests", () => {
  it.runIf(process.env.REQUIRE_JDK === "1")("is installed where CI requires it", () => {
    expect(hasJava).toBe(true);
  });
});

// Elsewhere, without a JDK, these tests are reported as skipped, never passed.
describe.skipIf(!hasJava)(
  "OneAccess signatures against the vendor's Java transformation in a real JDK",
  () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pkcs8 = privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");

    it("Java decrypts what this service signs by default (OAEP SHA-256, MGF1 SHA-1)", () => {
      const signature = signSession(publicKey, "oneaccess-session-u7", "1700000000123");
      expect(java("decrypt", pkcs8, signature)).toBe(
        signaturePlaintext("oneaccess-session-u7", "1700000000123"),
      );
    });

    it("Java cannot decrypt the SHA-256/SHA-256 variant: the default is the one that matches the sample", () => {
      const signature = signSession(publicKey, "oneaccess-session-u7", "1700000000123", "sha256");
      const refused = runJava("decrypt", pkcs8, signature);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe("");
      // The OAEP padding check refused it: not a compile error, a bad key or any other failure.
      expect(refused.stderr).toMatch(/^Exception in thread "main" javax\.crypto\.BadPaddingException\b/m);
      expect(refused.stderr).toMatch(/\bat (java\.base\/)?javax\.crypto\.Cipher\.doFinal\(/);
    });

    describe("the emulator accepts what the Java sample signs", () => {
      const emulator = new OneAccessEmulator({ clientId: "java-client" });
      let url: string;
      beforeAll(async () => {
        url = await emulator.listen(0);
      });
      afterAll(() => emulator.close());

      it("a Java-made X-signature gets the session's profile", async () => {
        const headers = {
          "X-operating-sys-version": "Android 14",
          "X-device-fingerprint": "fp",
          "X-agent": "java",
          "X-client-id": "java-client",
        };
        const key = (await (await fetch(`${url}/api/v2/sdk/public-key`, { headers })).json()) as {
          public_key: string;
        };
        const { timestamp } = (await (await fetch(`${url}/api/v2/sdk/server-date`, { headers })).json()) as {
          timestamp: string;
        };
        const der = parsePublicKey(key.public_key).export({ type: "spki", format: "der" }).toString("base64");
        const signature = java("encrypt", der, signaturePlaintext("oneaccess-session-u7", timestamp));
        const profile = await fetch(`${url}/api/v2/sdk/profile`, {
          headers: { ...headers, "X-signature": signature },
        });
        expect(profile.status).toBe(200);
        expect(((await profile.json()) as { user_name: string }).user_name).toBe("user7");
      });
    });
  },
);
