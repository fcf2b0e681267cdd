import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import axios from "axios";
import { print, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { AppConfig, OneAccessConfig, QuectelConfig, TencentImConfig } from "../../src/config.js";
import { OneAccessEmulator, type OneAccessEmulatorOptions } from "../../src/emulators/oneaccess/emulator.js";
import { QuectelEmulator, type QuectelEmulatorOptions } from "../../src/emulators/quectel/emulator.js";
import { TencentImEmulator, type TencentImEmulatorOptions } from "../../src/emulators/tencent-im/emulator.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { OneAccessClient, type OneAccessClientOptions } from "../../src/providers/oneaccess/client.js";
import { QuectelClient, type QuectelClientOptions } from "../../src/providers/quectel/client.js";
import { TencentImClient, type TencentImClientOptions } from "../../src/providers/tencent-im/client.js";
import { UserSigCache } from "../../src/providers/tencent-im/user-sig.js";
import { buildProfileSubgraphSchema } from "../../src/schema/build-subgraph-schema.js";
import { createServer, type ProfileServer } from "../../src/server.js";

export const TEST_IM = {
  sdkAppId: 1400999999,
  secretKey: "test-secret-key-for-the-im-emulator-0123456789abcdef",
  adminIdentifier: "administrator",
  customTags: ["Tag_Profile_Custom_Test"],
} as const;

export const TEST_QUECTEL = {
  accessKey: "test-quectel-access-key",
  accessSecret: "test-quectel-access-secret-0123456789",
} as const;

export const TEST_ONEACCESS = { clientId: "test-oneaccess-client", tenantId: "test-tenant" } as const;

/** The headers a browser signed in as `userId` sends, with its OneAccess session and device. */
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
  /** Every line the service logged, for assertions that nothing secret was written. */
  logLines: string[];
  execute<Data, Variables>(
    document: TypedDocumentNode<Data, Variables> | DocumentNode,
    variables?: Variables,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

export interface StackOptions {
  im?: Partial<TencentImEmulatorOptions>;
  /** Overrides of the IM client built against the emulator (a wrong secret, a short timeout, ...). */
  imClient?: Partial<TencentImClientOptions> & { secretKey?: string };
  quectel?: Partial<QuectelEmulatorOptions>;
  quectelClient?: Partial<QuectelClientOptions>;
  oneAccess?: Partial<OneAccessEmulatorOptions>;
  oneAccessClient?: Partial<OneAccessClientOptions>;
  config?: Partial<AppConfig>;
}

/** A test logger that keeps lines in memory. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: "debug", write: (line) => lines.push(line) }), lines };
}

/**
 * Starts the IM emulator and the service on free ports, wired together over real HTTP, and returns helpers.
 * Nothing is mocked: the client signs its calls and the emulator verifies them.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const im = new TencentImEmulator({
    sdkAppId: TEST_IM.sdkAppId,
    secretKey: TEST_IM.secretKey,
    adminIdentifier: TEST_IM.adminIdentifier,
    customTags: [...TEST_IM.customTags],
    ...options.im,
  });
  const imUrl = await im.listen(0);
  const quectel = new QuectelEmulator({ ...TEST_QUECTEL, ...options.quectel });
  const quectelUrl = await quectel.listen(0);
  const oneAccess = new OneAccessEmulator({ ...TEST_ONEACCESS, ...options.oneAccess });
  const oneAccessUrl = await oneAccess.listen(0);
  const { logger, lines } = memoryLogger();

  const imConfig: TencentImConfig = {
    sdkAppId: TEST_IM.sdkAppId,
    secretKey: options.imClient?.secretKey ?? TEST_IM.secretKey,
    adminIdentifier: TEST_IM.adminIdentifier,
    baseUrl: imUrl,
    customTags: [...TEST_IM.customTags],
    timeoutMs: 3000,
    maxCallsPerSecond: 200,
  };
  const quectelConfig: QuectelConfig = {
    ...TEST_QUECTEL,
    baseUrl: quectelUrl,
    timeoutMs: 3000,
    maxConcurrency: 16,
  };
  const oneAccessConfig: OneAccessConfig = { ...TEST_ONEACCESS, baseUrl: oneAccessUrl, timeoutMs: 3000 };
  const config: AppConfig = {
    port: 0,
    production: false,
    logLevel: "debug",
    maxUsersPerRequest: 1000,
    viewerIdHeader: "x-user-id",
    sandbox: null,
    tencentIm: imConfig,
    quectel: quectelConfig,
    oneAccess: oneAccessConfig,
    ...options.config,
  };
  const tencentIm = new TencentImClient({
    baseUrl: imConfig.baseUrl,
    sdkAppId: imConfig.sdkAppId,
    adminIdentifier: imConfig.adminIdentifier,
    userSig: new UserSigCache({
      sdkAppId: imConfig.sdkAppId,
      secretKey: imConfig.secretKey,
      identifier: imConfig.adminIdentifier,
    }),
    customTags: imConfig.customTags,
    timeoutMs: imConfig.timeoutMs,
    logger,
    retryDelayMs: 10,
    ...options.imClient,
  });
  const server: ProfileServer = await createServer(config, {
    logger,
    schema: await sharedSchema(),
    clients: {
      tencentIm: config.tencentIm ? tencentIm : null,
      quectel: config.quectel
        ? new QuectelClient({ ...quectelConfig, logger, ...options.quectelClient })
        : null,
      oneAccess: config.oneAccess
        ? new OneAccessClient({ ...oneAccessConfig, logger, ...options.oneAccessClient })
        : null,
    },
  });
  const graphqlUrl = await server.listen(0, "127.0.0.1");

  return {
    graphqlUrl,
    im,
    quectel,
    oneAccess,
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
      await Promise.all([im.close(), quectel.close(), oneAccess.close()]);
    },
  };
}
