import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OneAccessEmulator } from "../../src/sandbox/emulators/one-access/emulator.js";
import { parsePublicKey, signSession, signaturePlaintext } from "../../src/providers/one-access/signature.js";

const JAVA_SOURCE = fileURLToPath(new URL("./OneAccessSignature.java", import.meta.url));
const hasJava = spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;

/** Runs the vendor's transformation in a real JDK (single-file source launch, Java 11+). */
const java = (...args: string[]) => execFileSync("java", [JAVA_SOURCE, ...args], { encoding: "utf8" });

// The JDK is on this project's machines; where it is not, these tests are reported as skipped, never passed.
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
      expect(() => java("decrypt", pkcs8, signature)).toThrow();
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
