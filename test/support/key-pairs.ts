import { createPrivateKey, createPublicKey, generateKeyPair, type KeyPairKeyObjectResult } from "node:crypto";
import { promisify } from "node:util";
import { inject } from "vitest";
import type { TestProject } from "vitest/node";

/**
 * The RSA key pairs the tests sign and verify with. A 2048-bit pair takes 0.1–0.4 s to make on these machines, and
 * the files that start the stack (and the mutation run, which loads them again for every mutant) would each make
 * several: they are made once per test run here, by the global setup, and handed to every test file.
 * - merchant, wallet: the Alipay+ client's key and the wallet's (the stack, the Alipay+ unit tests);
 * - oneAccess: the OneAccess emulator's key;
 * - otherMerchant, otherWallet: keys nobody is configured with (a stranger's signature, an impostor's answer).
 */
export const TEST_KEY_NAMES = ["merchant", "wallet", "oneAccess", "otherMerchant", "otherWallet"] as const;
export type TestKeyName = (typeof TEST_KEY_NAMES)[number];

type PemPairs = Record<TestKeyName, { publicKey: string; privateKey: string }>;

declare module "vitest" {
  export interface ProvidedContext {
    testKeyPairs: PemPairs;
  }
}

/** Vitest global setup: makes the pairs (in parallel, off the main thread) and provides them as PEM. */
export async function setup(project: TestProject): Promise<void> {
  const made = await Promise.all(
    TEST_KEY_NAMES.map((name) =>
      promisify(generateKeyPair)("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      }).then((pair) => [name, pair] as const),
    ),
  );
  project.provide("testKeyPairs", Object.fromEntries(made) as PemPairs);
}

const loaded = new Map<TestKeyName, KeyPairKeyObjectResult>();

/** The run's key pair of that name, as key objects. */
export function testKeyPair(name: TestKeyName): KeyPairKeyObjectResult {
  let pair = loaded.get(name);
  if (!pair) {
    const pem = inject("testKeyPairs")[name];
    pair = { publicKey: createPublicKey(pem.publicKey), privateKey: createPrivateKey(pem.privateKey) };
    loaded.set(name, pair);
  }
  return pair;
}
