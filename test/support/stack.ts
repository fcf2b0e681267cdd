import { generateKeyPairSync } from "node:crypto";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import axios from "axios";
import { print, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { AppConfig } from "../../src/config.js";
import {
  AlipayPlusEmulator,
  type AlipayPlusEmulatorOptions,
} from "../../src/emulators/alipay-plus/emulator.js";
import { OneAccessEmulator, type OneAccessEmulatorOptions } from "../../src/emulators/oneaccess/emulator.js";
import { QuectelEmulator, type QuectelEmulatorOptions } from "../../src/emulators/quectel/emulator.js";
import { TencentImEmulator, type TencentImEmulatorOptions } from "../../src/emulators/tencent-im/emulator.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { parseProfilePrecedence } from "../../src/profile/fields.js";
import { AlipayPlusClient, type AlipayPlusClientOptions } from "../../src/providers/alipay-plus/client.js";
import { OneAccessClient, type OneAccessClientOptions } from "../../src/providers/oneaccess/client.js";
import { QuectelClient, type QuectelClientOptions } from "../../src/providers/quectel/client.js";
import { TencentImClient, type TencentImClientOptions } from "../../src/providers/tencent-im/client.js";
import { UserSigCache, generateUserSig, type UserSigInput } from "../../src/providers/tencent-im/user-sig.js";
import { buildProfileSubgraphSchema } from "../../src/schema/build-subgraph-schema.js";
import { createServer } from "../../src/server.js";

export const TEST_IM = {
  sdkAppId: 1400999999,
  secretKey: "test-secret-key-for-the-im-emulator-0123456789abcdef",
  adminIdentifier: "administrator",
  customTags: ["Tag_Profile_Custom_Test"],
} as const;

/** A UserSig for the test app's administrator, valid for an hour from now unless overridden. */
export function testUserSig(overrides: Partial<UserSigInput> = {}): string {
  return generateUserSig({
    sdkAppId: TEST_IM.sdkAppId,
    secretKey: TEST_IM.secretKey,
    identifier: TEST_IM.adminIdentifier,
    expireSeconds: 3600,
    time: Math.floor(Date.now() / 1000),
    ...overrides,
  });
}

export const TEST_QUECTEL = {
  accessKey: "test-quectel-access-key",
  accessSecret: "test-quectel-access-secret-0123456789",
} as const;

export const TEST_ONEACCESS = { clientId: "test-oneaccess-client", tenantId: "test-tenant" } as const;

/** The merchant's and the wallet's key pairs, made once per test process. */
export const TEST_ALIPAY_PLUS = {
  clientId: "TEST_MINI_PROGRAM",
  merchant: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  wallet: generateKeyPairSync("rsa", { modulusLength: 2048 }),
};

/** The headers a client signed in as `userId` sends: viewer, OneAccess session and device, wallet token. */
export function viewerHeaders(
  userId: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    "x-user-id": userId,
    "x-oneaccess-session-token": `oneaccess-session-${userId}`,
    "x-operating-sys-version": "Android 14",
    "x-device-fingerprint": `device-of-${userId}`,
    "x-agent": "ProfileApp/1.0",
    "x-device-ip": "203.0.113.7",
    "x-l": "en-US",
    "x-alipay-plus-access-token": `alipay-token-${userId}`,
    ...overrides,
  };
}

let schemaOnce: Promise<GraphQLSchema> | undefined;
/** The schema is the same for every server in a test file: build it once. */
export const sharedSchema = () => (schemaOnce ??= buildProfileSubgraphSchema());

export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: GraphQLFormattedError[];
}

export interface Stack {
  graphqlUrl: string;
  im: TencentImEmulator;
  quectel: QuectelEmulator;
  oneAccess: OneAccessEmulator;
  alipayPlus: AlipayPlusEmulator;
  /** Every line the service logged, for assertions that nothing secret was written. */
  logLines: string[];
  execute<Data, Variables>(
    document: TypedDocumentNode<Data, Variables> | DocumentNode,
    variables?: Variables,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

/** Per source: emulator options, and overrides of the client built against it (a wrong secret, a clock, ...). */
export interface StackOptions {
  im?: Partial<TencentImEmulatorOptions>;
  imClient?: Partial<TencentImClientOptions> & { secretKey?: string };
  quectel?: Partial<QuectelEmulatorOptions>;
  quectelClient?: Partial<QuectelClientOptions>;
  oneAccess?: Partial<OneAccessEmulatorOptions>;
  oneAccessClient?: Partial<OneAccessClientOptions>;
  alipayPlus?: Partial<AlipayPlusEmulatorOptions>;
  alipayPlusClient?: Partial<AlipayPlusClientOptions>;
  /** Sources set to null here are not configured (their fields answer SOURCE_DISABLED). */
  config?: Partial<
    Pick<
      AppConfig,
      | "tencentIm"
      | "quectel"
      | "oneAccess"
      | "alipayPlus"
      | "maxUsersPerRequest"
      | "profilePrecedence"
      | "sandbox"
    >
  >;
}

/** Runs `test` against a fresh stack, closing it whatever happens. */
export async function withStack(options: StackOptions, test: (stack: Stack) => Promise<void>): Promise<void> {
  const stack = await startStack(options);
  try {
    await test(stack);
  } finally {
    await stack.close();
  }
}

/** A test logger that keeps lines in memory. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: "debug", write: (line) => lines.push(line) }), lines };
}

/**
 * Starts the four emulators and the service on free ports, wired together over real HTTP. Nothing is mocked: the
 * clients sign their calls and the emulators verify them.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const im = new TencentImEmulator({ ...TEST_IM, customTags: [...TEST_IM.customTags], ...options.im });
  const quectel = new QuectelEmulator({ ...TEST_QUECTEL, ...options.quectel });
  const oneAccess = new OneAccessEmulator({ ...TEST_ONEACCESS, ...options.oneAccess });
  const alipayPlus = new AlipayPlusEmulator({
    clientId: TEST_ALIPAY_PLUS.clientId,
    merchantPublicKey: TEST_ALIPAY_PLUS.merchant.publicKey,
    walletPrivateKey: TEST_ALIPAY_PLUS.wallet.privateKey,
    ...options.alipayPlus,
  });
  const [imUrl, quectelUrl, oneAccessUrl, alipayPlusUrl] = await Promise.all([
    im.listen(0),
    quectel.listen(0),
    oneAccess.listen(0),
    alipayPlus.listen(0),
  ]);
  const { logger, lines } = memoryLogger();
  const enabled = (source: keyof NonNullable<StackOptions["config"]>) => options.config?.[source] !== null;

  const secretKey = options.imClient?.secretKey ?? TEST_IM.secretKey;
  const clients = {
    tencentIm: enabled("tencentIm")
      ? new TencentImClient({
          ...TEST_IM,
          customTags: [...TEST_IM.customTags],
          baseUrl: imUrl,
          userSig: new UserSigCache({ ...TEST_IM, secretKey, identifier: TEST_IM.adminIdentifier }),
          retryDelayMs: 10,
          logger,
          ...options.imClient,
        })
      : null,
    quectel: enabled("quectel")
      ? new QuectelClient({ ...TEST_QUECTEL, baseUrl: quectelUrl, logger, ...options.quectelClient })
      : null,
    oneAccess: enabled("oneAccess")
      ? new OneAccessClient({ ...TEST_ONEACCESS, baseUrl: oneAccessUrl, logger, ...options.oneAccessClient })
      : null,
    alipayPlus: enabled("alipayPlus")
      ? new AlipayPlusClient({
          baseUrl: alipayPlusUrl,
          clientId: TEST_ALIPAY_PLUS.clientId,
          privateKey: TEST_ALIPAY_PLUS.merchant.privateKey,
          walletPublicKey: TEST_ALIPAY_PLUS.wallet.publicKey,
          logger,
          ...options.alipayPlusClient,
        })
      : null,
  };
  // The server reads only these settings; the clients above carry the sources' own.
  const config = {
    port: 0,
    production: false,
    logLevel: "debug",
    maxUsersPerRequest: options.config?.maxUsersPerRequest ?? 1000,
    viewerIdHeader: "x-user-id",
    profilePrecedence: options.config?.profilePrecedence ?? parseProfilePrecedence(undefined).precedence,
    sandbox: options.config?.sandbox ?? null,
  } as AppConfig;
  const server = await createServer(config, { logger, schema: await sharedSchema(), clients });
  const graphqlUrl = await server.listen(0, "127.0.0.1");

  return {
    graphqlUrl,
    im,
    quectel,
    oneAccess,
    alipayPlus,
    logLines: lines,
    async execute(document, variables, headers = {}) {
      const response = await axios.post(
        graphqlUrl,
        { query: print(document), variables },
        { headers: { "content-type": "application/json", ...headers }, validateStatus: () => true },
      );
      return response.data as GraphQLResponse<never>;
    },
    async close() {
      await server.stop();
      await Promise.all([im, quectel, oneAccess, alipayPlus].map((emulator) => emulator.close()));
    },
  };
}
