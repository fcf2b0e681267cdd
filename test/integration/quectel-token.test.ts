import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FleetStore } from "../../src/fleet/redis.js";
import { silentLogger, type Logger } from "../../src/logger.js";
import { createHttpClient } from "../../src/providers/http.js";
import { LOGIN_PATH, QuectelTokenManager, REFRESH_PATH } from "../../src/providers/quectel/auth.js";
import { QuectelClient, USER_INFO_PATH } from "../../src/providers/quectel/client.js";
import { RedisTokenStore } from "../../src/providers/quectel/token-store.js";
import { QuectelEmulator } from "../../src/sandbox/emulators/quectel/emulator.js";
import { failure, recordingLogger } from "../support/doubles.js";
import { freePort } from "../support/process.js";
import { PrivateRedis, TEST_REDIS_URL, testRedis } from "../support/redis.js";
import { TEST_QUECTEL } from "../support/stack.js";

/** A clock that stands still until the test moves it; the client and the emulator both read it. */
function frozenClock() {
  let now = Date.now();
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/**
 * Moves fake time on 50 ms at a time until `done()`, each step once the code under test sleeps again (Redis answers
 * in real time meanwhile); answers how many fake milliseconds passed, giving up a little after 10 s.
 */
async function fakeTimeUntil(done: () => boolean): Promise<number> {
  let elapsed = 0;
  while (!done() && elapsed <= 10_000) {
    if (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
    else {
      await vi.advanceTimersByTimeAsync(50);
      elapsed += 50;
    }
  }
  return elapsed;
}

const LIFETIME_S = 100;

describe("the Quectel token over real HTTP against the emulator", () => {
  const clock = frozenClock();
  const emulator = new QuectelEmulator({ ...TEST_QUECTEL, tokenLifetimeSeconds: LIFETIME_S, clock });
  let url: string;
  beforeAll(async () => {
    url = await emulator.listen(0);
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.close());

  const manager = (
    store: RedisTokenStore | null = null,
    { logger = silentLogger, baseUrl = url }: { logger?: Logger; baseUrl?: string } = {},
  ) =>
    new QuectelTokenManager({
      http: createHttpClient({ baseUrl, timeoutMs: 2000 }),
      ...TEST_QUECTEL,
      clock,
      logger,
      store,
    });
  const calls = () => ({
    logins: emulator.stats.get(LOGIN_PATH).calls,
    refreshes: emulator.stats.get(REFRESH_PATH).calls,
  });

  it("keeps the token until exactly 80% of expires_in has passed, then refreshes it once", async () => {
    const tokens = manager();
    const first = await tokens.current();
    expect(first).toMatch(/^QJWT /);
    expect(calls()).toEqual({ logins: 1, refreshes: 0 });

    clock.advance(LIFETIME_S * 800 - 1);
    expect(await tokens.current()).toBe(first);
    expect(calls()).toEqual({ logins: 1, refreshes: 0 });

    clock.advance(1);
    const renewed = await tokens.current();
    expect(renewed).not.toBe(first);
    expect(calls()).toEqual({ logins: 1, refreshes: 1 });
    expect(await tokens.current()).toBe(renewed);
  });

  it("refreshes a token one millisecond before it expires, and logs in again once it has", async () => {
    const beforeExpiry = manager();
    await beforeExpiry.current();
    clock.advance(LIFETIME_S * 1000 - 1);
    await beforeExpiry.current();
    expect(calls()).toEqual({ logins: 1, refreshes: 1 });

    emulator.reset();
    const atExpiry = manager();
    await atExpiry.current();
    clock.advance(LIFETIME_S * 1000);
    await atExpiry.current();
    expect(calls()).toEqual({ logins: 2, refreshes: 0 });
  });

  it("a refused refresh is logged in the refresh's own words, then falls back to one new login", async () => {
    const logger = recordingLogger();
    const tokens = manager(null, { logger });
    const first = await tokens.current();
    emulator.revokeAllTokens();
    clock.advance(LIFETIME_S * 900);
    const next = await tokens.current();
    expect(next).not.toBe(first);
    expect(calls()).toEqual({ logins: 2, refreshes: 1 });
    expect(logger.error).toHaveBeenCalledWith("quectel token refresh refused", {
      code: 401,
      msg: "invalid refresh token",
    });
    expect(logger.warn).toHaveBeenCalledWith("quectel token refresh failed; logging in again", {
      error: "Quectel refused this service's token refresh (code 401)",
    });
  });

  describe("behind a gateway that answers in Quectel's place", () => {
    type Answer = { status: number; body: string };
    let answer: (path: string) => Answer | Promise<Answer> = () => ({ status: 200, body: "{}" });
    const paths: string[] = [];
    const gateway = http.createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://gateway").pathname;
      paths.push(path);
      void Promise.resolve(answer(path)).then(({ status, body }) =>
        res.writeHead(status, { "content-type": "application/json" }).end(body),
      );
    });
    let gatewayUrl: string;
    beforeAll(async () => {
      await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
      gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    });
    afterEach(() => void paths.splice(0));
    afterAll(async () => {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    });

    /** The gateway's answer to a good AccessKey login. */
    const loggedIn = {
      status: 200,
      body: JSON.stringify({ code: 200, access_token: "QJWT gateway", expires_in: LIFETIME_S }),
    };
    /** A Quectel client of the gateway: one call in flight, `maxQueued` waiting. */
    const gatewayClient = (maxQueued: number) =>
      new QuectelClient({
        ...TEST_QUECTEL,
        baseUrl: gatewayUrl,
        timeoutMs: 2000,
        maxConcurrency: 1,
        maxQueued,
        cacheTtlMs: 0,
        clock,
      });

    const gatewayStatus = {
      message: "Quectel AccessKey login answered HTTP 502",
      extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", providerCode: 502, retryable: true },
      configuration: false,
    };
    type Row = [name: string, status: number, body: string, expected: Awaited<ReturnType<typeof failure>>];
    it.each<Row>([
      [
        "a 502 without a JSON code is the gateway's HTTP status",
        502,
        "<html>Bad Gateway</html>",
        gatewayStatus,
      ],
      ["a 502 whose body is JSON null is the gateway's HTTP status too", 502, "null", gatewayStatus],
      [
        "a 401 with a numeric code is Quectel's own refusal, a configuration error",
        401,
        JSON.stringify({ code: 401, msg: "authentication failed" }),
        {
          message: "Quectel refused this service's AccessKey login (code 401)",
          extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", providerCode: 401, retryable: false },
          configuration: true,
        },
      ],
      ...["<html>Welcome</html>", "null", "{}"].map((body): Row => [
        `a 200 whose body is ${body} carries no result code: not Quectel's answer, nor a refused AccessKey`,
        200,
        body,
        {
          message: "Quectel AccessKey login answered HTTP 200",
          extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", providerCode: 200, retryable: false },
          configuration: false,
        },
      ]),
    ])("login: %s", async (_name, status, body, expected) => {
      answer = () => ({ status, body });
      expect(await failure(manager(null, { baseUrl: gatewayUrl }).current())).toEqual(expected);
      expect(paths).toEqual([LOGIN_PATH]);
    });

    it("userInfo answered 200 with a body of JSON null is the gateway's HTTP status, after a good login", async () => {
      answer = (path) => (path === LOGIN_PATH ? loggedIn : { status: 200, body: "null" });
      const client = gatewayClient(10);
      expect(await failure(client.userInfo("u1"))).toEqual({
        message: "Quectel answered HTTP 200",
        extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", providerCode: 200, retryable: false },
        configuration: false,
      });
      expect(paths).toEqual([LOGIN_PATH, USER_INFO_PATH]);
    });

    it("beyond QUECTEL_MAX_QUEUED calls waiting, a lookup fails at once without a call; once they drain, lookups are taken again", async () => {
      const held: (() => void)[] = [];
      answer = (path) =>
        path === LOGIN_PATH
          ? loggedIn
          : new Promise((resolve) => {
              const uid = paths.length; // the answer is about whoever asked; its content is not the point here
              held.push(() =>
                resolve({ status: 200, body: JSON.stringify({ code: 200, data: { uid: `u${uid}` } }) }),
              );
            });
      const client = gatewayClient(2);
      const taken = ["u1", "u2", "u3"].map((uid) => client.userInfo(uid).catch((error: Error) => error));
      expect(await failure(client.userInfo("u4"))).toEqual({
        message: "Quectel's call queue is full (2 calls waiting, QUECTEL_MAX_QUEUED): try again shortly",
        extensions: { code: "SOURCE_RATE_LIMITED", source: "quectel", retryable: true },
        configuration: false,
      });
      for (let answered = 0; answered < 3; answered++) {
        while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        held.shift()!();
      }
      await Promise.all(taken);
      expect(paths.filter((path) => path === USER_INFO_PATH)).toHaveLength(3);
      const again = client.userInfo("u5");
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      held.shift()!();
      await again.catch(() => undefined);
      expect(paths.filter((path) => path === USER_INFO_PATH)).toHaveLength(4);
    });

    it("a call still waiting for its slot when its request gives up is never sent: SOURCE_TIMEOUT, not asked", async () => {
      const held: (() => void)[] = [];
      answer = (path) =>
        path === LOGIN_PATH
          ? loggedIn
          : new Promise((resolve) =>
              held.push(() =>
                resolve({ status: 200, body: JSON.stringify({ code: 200, data: { uid: "u1" } }) }),
              ),
            );
      const client = gatewayClient(10);
      const first = client.userInfo("u1");
      const request = new AbortController();
      const waiting = failure(client.userInfo("u2", request.signal));
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      request.abort();
      held.shift()!();
      expect((await first)?.uid).toBe("u1");
      expect(await waiting).toEqual({
        message:
          "Quectel was not asked: the request's time (REQUEST_TIMEOUT_MS) ran out while the call waited",
        extensions: { code: "SOURCE_TIMEOUT", source: "quectel", retryable: true },
        configuration: false,
      });
      expect(paths.filter((path) => path === USER_INFO_PATH)).toHaveLength(1);
    });

    it("a refresh the gateway answers 502 is logged in the refresh's own words, then one new login", async () => {
      let issued = 0;
      answer = (path) =>
        path === REFRESH_PATH
          ? { status: 502, body: "<html>Bad Gateway</html>" }
          : {
              status: 200,
              body: JSON.stringify({
                code: 200,
                access_token: `QJWT gateway-${++issued}`,
                refresh_token: `refresh-${issued}`,
                expires_in: LIFETIME_S,
              }),
            };
      const logger = recordingLogger();
      const tokens = manager(null, { logger, baseUrl: gatewayUrl });
      expect(await tokens.current()).toBe("QJWT gateway-1");
      clock.advance(LIFETIME_S * 900);
      expect(await tokens.current()).toBe("QJWT gateway-2");
      expect(paths).toEqual([LOGIN_PATH, REFRESH_PATH, LOGIN_PATH]);
      expect(logger.warn).toHaveBeenCalledWith("quectel token refresh failed; logging in again", {
        error: "Quectel token refresh answered HTTP 502",
      });
    });
  });

  describe("shared by replicas through Redis", () => {
    const fleets: FleetStore[] = [];
    /** A replica's connection to Redis, once it is ready unless told not to wait (a Redis that never answers). */
    const connected = async (
      redisUrl = TEST_REDIS_URL,
      { logger = silentLogger, waitReady = true }: { logger?: Logger; waitReady?: boolean } = {},
    ) => {
      const fleet = new FleetStore(redisUrl, logger);
      fleets.push(fleet);
      fleet.start();
      for (let waited = 0; waitReady && !fleet.ready && waited < 2000; waited += 10) await sleep(10);
      return fleet;
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let redis: Awaited<ReturnType<typeof testRedis>>;
    beforeAll(async () => {
      redis = await testRedis();
    });
    afterAll(async () => {
      await Promise.all(fleets.map((fleet) => fleet.stop()));
      redis.destroy();
    });

    /** Two replicas' stores of one AccessKey, named for this test alone; both fleets log to `logger`. */
    const replicas = async ({
      redisUrl = TEST_REDIS_URL,
      logger = silentLogger,
    }: { redisUrl?: string; logger?: Logger } = {}) => {
      const account = `test-${randomUUID()}`;
      const stores = [
        new RedisTokenStore(await connected(redisUrl, { logger }), account),
        new RedisTokenStore(await connected(redisUrl, { logger }), account),
      ];
      return { account, key: `profile-subgraph:quectel:token:${account}`, stores };
    };

    it("replicas starting together log in once and use the same token", async () => {
      const { stores } = await replicas();
      const [one, two] = stores.map((store) => manager(store));
      const [a, b] = await Promise.all([one!.current(), two!.current()]);
      expect(a).toBe(b);
      expect(calls()).toEqual({ logins: 1, refreshes: 0 });
      const third = manager(stores[0]!);
      expect(await third.current()).toBe(a);
      expect(calls()).toEqual({ logins: 1, refreshes: 0 });
    });

    it("the token is kept in Redis as long as it is valid, and no longer", async () => {
      const { key, stores } = await replicas();
      const token = await manager(stores[0]!).current();
      const stored = JSON.parse((await redis.get(key)) ?? "null") as { value: string; expiresAt: number };
      expect(stored.value).toBe(token);
      expect(stored.expiresAt).toBe(clock.now() + LIFETIME_S * 1000);
      const ttl = await redis.pTTL(key);
      // What was left of the token's life when it was stored, give or take Redis's and this process's clocks.
      const expected = stored.expiresAt - Date.now();
      expect(ttl).toBeGreaterThan(expected - 2000);
      expect(ttl).toBeLessThanOrEqual(expected + 50);
      expect(await redis.exists(`${key}:lock`)).toBe(0);
    });

    it("one replica renews a token that is due, and the others take the renewed one", async () => {
      const { stores } = await replicas();
      const [one, two] = stores.map((store) => manager(store));
      const first = await one!.current();
      clock.advance(LIFETIME_S * 850);
      const renewed = await two!.current();
      expect(renewed).not.toBe(first);
      expect(calls()).toEqual({ logins: 1, refreshes: 1 });
      expect(await one!.current()).toBe(renewed);
      expect(calls()).toEqual({ logins: 1, refreshes: 1 });
    });

    it("the fleet's token is taken as is, without the lock, until 1 ms before renewAfter; at renewAfter it is renewed", async () => {
      const { stores } = await replicas();
      const [one, two] = stores.map((store) => manager(store));
      const first = await one!.current();
      const locks = vi.spyOn(stores[1]!, "lock");
      clock.advance(LIFETIME_S * 800 - 1);
      expect(await two!.current()).toBe(first);
      expect(locks).not.toHaveBeenCalled();
      expect(calls()).toEqual({ logins: 1, refreshes: 0 });

      clock.advance(1);
      const renewed = await two!.current();
      expect(renewed).not.toBe(first);
      expect(locks).toHaveBeenCalledTimes(1);
      expect(calls()).toEqual({ logins: 1, refreshes: 1 });
    });

    it("a replica that gets the lock just after another renewed the token takes that token and renews nothing", async () => {
      const { stores } = await replicas();
      const [one, two] = stores.map((store) => manager(store));
      const first = await one!.current();
      clock.advance(LIFETIME_S * 850);
      // Replica two has seen the token due; replica one renews it before two's lock is taken.
      const lock = stores[1]!.lock.bind(stores[1]);
      let renewedByOne: string | undefined;
      vi.spyOn(stores[1]!, "lock").mockImplementationOnce(async () => {
        renewedByOne = await one!.current();
        return lock();
      });
      const taken = await two!.current();
      expect(renewedByOne).not.toBe(first);
      expect(taken).toBe(renewedByOne);
      expect(calls()).toEqual({ logins: 1, refreshes: 1 });
    });

    it("a replica that finds the login lock taken looks for the fleet's token for 5 s, then warns and logs in alone", async () => {
      const { key, stores } = await replicas();
      await redis.set(`${key}:lock`, "another-replica", { PX: 10_000 });
      const logger = recordingLogger();
      vi.useFakeTimers({ toFake: ["setTimeout"] });
      try {
        const alone = manager(stores[0]!, { logger }).current();
        expect(await fakeTimeUntil(() => logger.warn.mock.calls.length > 0)).toBe(5000);
        expect(logger.warn).toHaveBeenCalledExactlyOnceWith(
          "quectel: no token from the fleet in time; logging in alone",
          {},
        );
        expect(await alone).toMatch(/^QJWT /);
      } finally {
        vi.useRealTimers();
      }
      expect(calls()).toEqual({ logins: 1, refreshes: 0 });
      expect(await redis.get(`${key}:lock`)).toBe("another-replica");
    });

    it("after waiting in vain, a replica without a token of its own refreshes the fleet's due token rather than logging in", async () => {
      const { key, stores } = await replicas();
      const first = await manager(stores[0]!).current();
      clock.advance(LIFETIME_S * 850);
      await redis.set(`${key}:lock`, "another-replica", { PX: 10_000 });
      const logger = recordingLogger();
      vi.useFakeTimers({ toFake: ["setTimeout"] });
      try {
        const alone = manager(stores[1]!, { logger }).current();
        expect(await fakeTimeUntil(() => logger.warn.mock.calls.length > 0)).toBe(5000);
        const renewed = await alone;
        expect(renewed).toMatch(/^QJWT /);
        expect(renewed).not.toBe(first);
      } finally {
        vi.useRealTimers();
      }
      expect(calls()).toEqual({ logins: 1, refreshes: 1 });
    });

    it("when Redis refuses the lock (full: writes refused), a replica renews alone, refreshing the fleet's due token rather than logging in", async () => {
      const full = await PrivateRedis.start();
      const admin = createClient({ url: full.url });
      try {
        await admin.connect();
        const logger = recordingLogger();
        const { key, stores } = await replicas({ redisUrl: full.url, logger });
        const alone = recordingLogger();
        const [one, two] = stores.map((store) => manager(store, { logger: alone }));
        const first = await one!.current();
        await admin.configSet({ maxmemory: "1", "maxmemory-policy": "noeviction" });
        clock.advance(LIFETIME_S * 850);
        // Two has no token of its own: the one it refreshes is the fleet's, read before the lock was refused.
        const renewed = await two!.current();
        expect(renewed).not.toBe(first);
        expect(calls()).toEqual({ logins: 1, refreshes: 1 });
        // At once: a lock Redis cannot give is not one another replica holds, so nobody is waited for.
        expect(alone.warn).not.toHaveBeenCalledWith(
          "quectel: no token from the fleet in time; logging in alone",
          expect.anything(),
        );
        // Redis refused the write; it is not away: the refusal is logged as such, once.
        expect(logger.warn).toHaveBeenCalledExactlyOnceWith(
          "redis refused a command: this replica uses its local budget, token or cache for it",
          { error: expect.stringMatching(/^OOM /) },
        );
        expect(JSON.parse((await admin.get(key)) ?? "null")).toMatchObject({ value: first });
      } finally {
        admin.destroy();
        await full.stop();
      }
    });

    it("a command Redis refuses (WRONGTYPE) answers undefined and is logged once as a refusal, not an outage; the replica's login then replaces the entry", async () => {
      const logger = recordingLogger();
      const { key, stores } = await replicas({ logger });
      await redis.hSet(key, "value", "not a token");
      expect(await stores[0]!.get()).toBeUndefined();
      expect(await stores[1]!.get()).toBeUndefined();
      expect(await stores[0]!.get()).toBeUndefined();
      // Once per replica (each has its own connection), and never as Redis being away.
      expect(logger.warn.mock.calls).toEqual([
        [
          "redis refused a command: this replica uses its local budget, token or cache for it",
          { error: "WRONGTYPE Operation against a key holding the wrong kind of value" },
        ],
        [
          "redis refused a command: this replica uses its local budget, token or cache for it",
          { error: "WRONGTYPE Operation against a key holding the wrong kind of value" },
        ],
      ]);
      const token = await manager(stores[0]!).current();
      expect(calls()).toEqual({ logins: 1, refreshes: 0 });
      expect(JSON.parse((await redis.get(key)) ?? "null")).toMatchObject({ value: token });
    });

    /** A token as a replica stores it, due in a minute on the test's clock, with `change` made to it. */
    const stored = (change: Record<string, unknown> = {}) =>
      JSON.stringify({
        value: "QJWT stored",
        refreshToken: "refresh-stored",
        renewAfter: clock.now() + 60_000,
        expiresAt: clock.now() + 90_000,
        ...change,
      });

    it("an entry that is a whole token is used as it is: no login, no refresh", async () => {
      const { key, stores } = await replicas();
      await redis.set(key, stored());
      expect(await manager(stores[0]!).current()).toBe("QJWT stored");
      expect(calls()).toEqual({ logins: 0, refreshes: 0 });
    });

    it.each([
      ["text that is not JSON", () => "QJWT a-bare-token"],
      ["JSON null", () => "null"],
      ["a JSON number", () => "42"],
      ["a token whose value is not text", () => stored({ value: 42 })],
      ["a token without renewAfter", () => stored({ renewAfter: undefined })],
      ["a token whose expiresAt is not a number", () => stored({ expiresAt: "later" })],
      ["a token whose refresh token is not text", () => stored({ refreshToken: 7 })],
    ])(
      "an entry that is not a token (%s) is not used: the replica logs in and replaces it",
      async (_kind, text) => {
        const { key, stores } = await replicas();
        await redis.set(key, text());
        expect(await stores[0]!.get()).toBeUndefined();
        const token = await manager(stores[0]!).current();
        expect(token).toMatch(/^QJWT /);
        expect(token).not.toBe("QJWT stored");
        expect(calls()).toEqual({ logins: 1, refreshes: 0 });
        expect(await stores[1]!.get()).toMatchObject({ value: token });
      },
    );

    it("while its connection is still being made, the store sends nothing: it answers undefined and reports no outage", async () => {
      const logger = recordingLogger();
      const fleet = await connected(TEST_REDIS_URL, { logger, waitReady: false });
      const store = new RedisTokenStore(fleet, `test-${randomUUID()}`);
      expect(fleet.ready).toBe(false);
      expect(await store.get()).toBeUndefined();
      expect(await store.lock()).toBeUndefined();
      expect(logger.warn).not.toHaveBeenCalled();
      for (let waited = 0; !fleet.ready && waited < 2000; waited += 10) await sleep(10);
      expect(await store.lock()).toBe(true);
      await store.unlock();
    });

    it("a rejected token is dropped from Redis only while it is still the fleet's", async () => {
      const { key, stores } = await replicas();
      const [one, two] = stores.map((store) => manager(store));
      const first = await one!.current();
      two!.invalidate("QJWT some-older-token");
      await sleep(50);
      expect(await redis.exists(key)).toBe(1);
      one!.invalidate(first);
      for (let waited = 0; (await redis.exists(key)) === 1 && waited < 1000; waited += 10) await sleep(10);
      expect(await redis.exists(key)).toBe(0);
      const next = await two!.current();
      expect(next).not.toBe(first);
      expect(calls()).toEqual({ logins: 2, refreshes: 0 });
    });

    it("a replica waits for the one holding the login lock and takes its token", async () => {
      const { key, stores } = await replicas();
      await redis.set(`${key}:lock`, "another-replica", { PX: 10_000 });
      const waiting = manager(stores[0]!).current();
      await sleep(120);
      await redis.set(
        key,
        JSON.stringify({
          value: "QJWT from-another-replica",
          refreshToken: undefined,
          renewAfter: clock.now() + 60_000,
          expiresAt: clock.now() + 90_000,
        }),
      );
      expect(await waiting).toBe("QJWT from-another-replica");
      expect(calls()).toEqual({ logins: 0, refreshes: 0 });
      expect(await redis.get(`${key}:lock`)).toBe("another-replica");

      // That token came without a refresh token: once it is due, the replica logs in, and sends no refresh.
      await redis.del(`${key}:lock`);
      clock.advance(70_000);
      const renewed = await manager(stores[1]!).current();
      expect(renewed).toMatch(/^QJWT /);
      expect(calls()).toEqual({ logins: 1, refreshes: 0 });
    });

    it("a lock is released only by the replica that holds it", async () => {
      const { key, stores } = await replicas();
      const [one, two] = stores;
      expect(await one!.lock()).toBe(true);
      expect(await two!.lock()).toBe(false);
      await two!.unlock();
      expect(await redis.exists(`${key}:lock`)).toBe(1);
      const ttl = await redis.pTTL(`${key}:lock`);
      expect(ttl).toBeGreaterThan(8000);
      expect(ttl).toBeLessThanOrEqual(10_000);
      await one!.unlock();
      expect(await redis.exists(`${key}:lock`)).toBe(0);
      expect(await two!.lock()).toBe(true);
    });

    it("Quectel clients given one fleet's token store log in once, and report a refused login to their logger", async () => {
      const { stores } = await replicas();
      const logger = recordingLogger();
      const client = (tokenStore: RedisTokenStore, accessSecret: string = TEST_QUECTEL.accessSecret) =>
        new QuectelClient({
          ...TEST_QUECTEL,
          accessSecret,
          baseUrl: url,
          timeoutMs: 2000,
          maxConcurrency: 4,
          maxQueued: 10,
          cacheTtlMs: 0,
          clock,
          logger,
          tokenStore,
        });
      const [one, two] = stores.map((store) => client(store));
      expect((await one!.userInfo("u1"))?.uid).toBe("u1");
      expect((await two!.userInfo("u2"))?.uid).toBe("u2");
      expect(calls()).toEqual({ logins: 1, refreshes: 0 });

      const { stores: others } = await replicas();
      await expect(client(others[0]!, "a-wrong-secret-0123456789").userInfo("u1")).rejects.toMatchObject({
        extensions: { code: "SOURCE_UNAVAILABLE", source: "quectel", providerCode: 401 },
      });
      expect(logger.error).toHaveBeenCalledWith("quectel AccessKey login refused", {
        code: 401,
        msg: "authentication failed",
      });
    });

    it("without Redis each replica logs in by itself, and the store answers undefined", async () => {
      const account = `test-${randomUUID()}`;
      const unreachable = `redis://127.0.0.1:${await freePort()}`;
      const stores = [
        new RedisTokenStore(await connected(unreachable, { waitReady: false }), account),
        new RedisTokenStore(await connected(unreachable, { waitReady: false }), account),
      ];
      expect(await stores[0]!.get()).toBeUndefined();
      expect(await stores[0]!.lock()).toBeUndefined();
      const [a, b] = await Promise.all(stores.map((store) => manager(store).current()));
      expect(a).not.toBe(b);
      expect(calls()).toEqual({ logins: 2, refreshes: 0 });
    });
  });
});
