import type { KeyObject } from "node:crypto";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import axios from "axios";
import { print, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { afterAll, afterEach, beforeAll } from "vitest";
import { loadConfig, type AppConfig, type SourceConfigs } from "../../src/config.js";
import { systemClock, type Clock } from "../../src/domain/clock.js";
import {
  createSourceClients,
  type SourceClientOptions,
  type SourceClients,
} from "../../src/providers/clients.js";
import type { ConfigOf, SourceName } from "../../src/providers/registry.js";
import {
  AlipayPlusEmulator,
  type AlipayPlusEmulatorOptions,
} from "../../src/sandbox/emulators/alipay-plus/emulator.js";
import {
  OneAccessEmulator,
  type OneAccessEmulatorOptions,
} from "../../src/sandbox/emulators/one-access/emulator.js";
import {
  QuectelEmulator,
  type QuectelEmulatorOptions,
} from "../../src/sandbox/emulators/quectel/emulator.js";
import {
  TencentImEmulator,
  type TencentImEmulatorOptions,
} from "../../src/sandbox/emulators/tencent-im/emulator.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { generateUserSig, type UserSigInput } from "../../src/providers/tencent-im/user-sig.js";
import { buildProfileSubgraphSchema } from "../../src/schema/build-subgraph-schema.js";
import { createServer } from "../../src/server.js";
import { testKeyPair } from "./key-pairs.js";

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

/** The merchant's and the wallet's key pairs, made once per test run (key-pairs.ts). */
export const TEST_ALIPAY_PLUS = {
  clientId: "TEST_MINI_PROGRAM",
  merchant: testKeyPair("merchant"),
  wallet: testKeyPair("wallet"),
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
  /** Tells the service to stop taking traffic (ProfileServer.drain), as SIGTERM does. */
  drain(): void;
  close(): Promise<void>;
}

/** Emulator options per source, and what the service is started with. */
export interface StackOptions {
  im?: Partial<TencentImEmulatorOptions>;
  quectel?: Partial<QuectelEmulatorOptions>;
  oneAccess?: Partial<OneAccessEmulatorOptions>;
  alipayPlus?: Partial<AlipayPlusEmulatorOptions>;
  /**
   * Overrides of each source's settings as loaded from the environment (a wrong secret, a short timeout, …);
   * null: the source is not configured and its field answers SOURCE_DISABLED.
   */
  sources?: { [Name in SourceName]?: Partial<ConfigOf<Name>> | null };
  /** Overrides of the clients' constructor options that no setting reaches (a stub UserSig source). */
  clientOptions?: SourceClientOptions;
  /**
   * Clients that replace the ones built from the config (a client that throws what no upstream answer can make
   * it throw, standing for a bug).
   */
  clients?: Partial<SourceClients>;
  /** The clock every client reads (tests move it instead of waiting). */
  clock?: Clock;
  config?: Partial<
    Pick<
      AppConfig,
      | "maxUsersPerRequest"
      | "profilePrecedence"
      | "sandbox"
      | "redisUrl"
      | "router"
      | "production"
      | "readinessRequiresSources"
      | "requestTimeoutMs"
      | "upstream"
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

/**
 * One stack for a whole test file: started before its first test, every emulator's stats and faults reset after
 * each test, closed after the last. The returned object stands for the running stack.
 */
export function useStack(options: StackOptions = {}): Stack {
  let running: Stack | undefined;
  beforeAll(async () => {
    running = await startStack(options);
  });
  afterEach(() => {
    for (const emulator of [running?.im, running?.quectel, running?.oneAccess, running?.alipayPlus])
      emulator?.reset();
  });
  afterAll(() => running?.close());
  return new Proxy({} as Stack, {
    get(_target, property) {
      if (!running) throw new Error("the stack is used before it started (use it inside a test)");
      return running[property as keyof Stack];
    },
  });
}

/** A test logger that keeps lines in memory. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: "debug", write: (line) => lines.push(line) }), lines };
}

const pem = (key: KeyObject, type: "pkcs8" | "spki") => key.export({ type, format: "pem" }).toString();

/**
 * The environment a deployment pointed at the emulators would have: the service reads it as in production
 * (loadConfig), and builds its clients itself (createServer), so the tests exercise the production wiring.
 */
function emulatorEnvironment(urls: Record<SourceName, string>): Record<string, string> {
  return {
    SANDBOX: "false",
    LOG_LEVEL: "debug",
    TENCENT_IM_SDKAPPID: String(TEST_IM.sdkAppId),
    TENCENT_IM_SECRET_KEY: TEST_IM.secretKey,
    TENCENT_IM_ADMIN_IDENTIFIER: TEST_IM.adminIdentifier,
    TENCENT_IM_BASE_URL: urls.tencentIm,
    TENCENT_IM_CUSTOM_TAGS: TEST_IM.customTags.join(","),
    QUECTEL_ACCESS_KEY: TEST_QUECTEL.accessKey,
    QUECTEL_ACCESS_SECRET: TEST_QUECTEL.accessSecret,
    QUECTEL_BASE_URL: urls.quectel,
    ONEACCESS_BASE_URL: urls.oneAccess,
    ONEACCESS_CLIENT_ID: TEST_ONEACCESS.clientId,
    ONEACCESS_TENANT_ID: TEST_ONEACCESS.tenantId,
    ALIPAY_PLUS_BASE_URL: urls.alipayPlus,
    ALIPAY_PLUS_CLIENT_ID: TEST_ALIPAY_PLUS.clientId,
    ALIPAY_PLUS_PRIVATE_KEY: pem(TEST_ALIPAY_PLUS.merchant.privateKey, "pkcs8"),
    ALIPAY_PLUS_WALLET_PUBLIC_KEY: pem(TEST_ALIPAY_PLUS.wallet.publicKey, "spki"),
  };
}

/**
 * Starts the four emulators and the service on free ports, wired together over real HTTP. Nothing is mocked: the
 * clients sign their calls and the emulators verify them.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const im = new TencentImEmulator({ ...TEST_IM, customTags: [...TEST_IM.customTags], ...options.im });
  const quectel = new QuectelEmulator({ ...TEST_QUECTEL, ...options.quectel });
  const oneAccess = new OneAccessEmulator({
    ...TEST_ONEACCESS,
    keyPair: testKeyPair("oneAccess"),
    ...options.oneAccess,
  });
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

  const loaded = loadConfig(
    emulatorEnvironment({
      tencentIm: imUrl,
      quectel: quectelUrl,
      oneAccess: oneAccessUrl,
      alipayPlus: alipayPlusUrl,
    }),
  );
  const sources = Object.fromEntries(
    Object.entries(loaded.sources).map(([name, config]) => {
      const override = options.sources?.[name as SourceName];
      return [name, override === null ? null : { ...config, ...override }];
    }),
  ) as SourceConfigs;
  const config: AppConfig = { ...loaded, ...options.config, port: 0, sources };
  // Back-off in milliseconds rather than tenths of seconds keeps retry tests quick.
  const clientOptions: SourceClientOptions = {
    ...options.clientOptions,
    tencentIm: { retryDelayMs: 10, ...options.clientOptions?.tencentIm },
  };
  const server = await createServer(config, {
    logger,
    schema: await sharedSchema(),
    clock: options.clock,
    clientOptions,
    ...(options.clients
      ? {
          clients: {
            ...createSourceClients(
              sources,
              {
                logger,
                clock: options.clock ?? systemClock,
                fleet: null,
                cacheMaxEntries: config.cacheMaxEntries,
              },
              clientOptions,
            ),
            ...options.clients,
          },
        }
      : {}),
  });
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
    drain() {
      server.drain();
    },
    async close() {
      await server.stop();
      await Promise.all([im, quectel, oneAccess, alipayPlus].map((emulator) => emulator.close()));
    },
  };
}
