import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FleetStore } from "../../src/fleet/redis.js";
import { silentLogger, type Logger } from "../../src/logger.js";
import { createHttpClient } from "../../src/providers/http.js";
import { LOGIN_PATH, QuectelTokenManager, REFRESH_PATH } from "../../src/providers/quectel/auth.js";
import { QuectelClient } from "../../src/providers/quectel/client.js";
import { RedisTokenStore } from "../../src/providers/quectel/token-store.js";
import { QuectelEmulator } from "../../src/sandbox/emulators/quectel/emulator.js";
import { freePort } from "../support/process.js";
import { TEST_REDIS_URL, testRedis } from "../support/redis.js";
import { TEST_QUECTEL } from "../support/stack.js";

/** A clock that stands still until the test moves it; the client and the emulator both read it. */
function frozenClock() {
  let now = Date.now();
  return { now: () => now, advance: (ms: number) => void (now += ms) };
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

  const manager = (store: RedisTokenStore | null = null) =>
    new QuectelTokenManager({
      http: createHttpClient({ baseUrl: url, timeoutMs: 2000 }),
      ...TEST_QUECTEL,
      clock,
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

  it("a refused refresh falls back to one new login", async () => {
    const tokens = manager();
    const first = await tokens.current();
    emulator.revokeAllTokens();
    clock.advance(LIFETIME_S * 900);
    const next = await tokens.current();
    expect(next).not.toBe(first);
    expect(calls()).toEqual({ logins: 2, refreshes: 1 });
  });

  describe("shared by replicas through Redis", () => {
    const fleets: FleetStore[] = [];
    const connected = async (redisUrl = TEST_REDIS_URL) => {
      const fleet = new FleetStore(redisUrl, silentLogger);
      fleets.push(fleet);
      fleet.start();
      if (redisUrl === TEST_REDIS_URL) {
        for (let waited = 0; !fleet.ready && waited < 2000; waited += 10) await sleep(10);
      }
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

    /** Two replicas' stores of one AccessKey, named for this test alone. */
    const replicas = async () => {
      const account = `test-${randomUUID()}`;
      const stores = [
        new RedisTokenStore(await connected(), account),
        new RedisTokenStore(await connected(), account),
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
      const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
      const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
        void lines.push({ level, message, fields });
      const logger: Logger = {
        debug: record("debug"),
        info: record("info"),
        warn: record("warn"),
        error: record("error"),
      };
      const client = (tokenStore: RedisTokenStore, accessSecret: string = TEST_QUECTEL.accessSecret) =>
        new QuectelClient({
          ...TEST_QUECTEL,
          accessSecret,
          baseUrl: url,
          timeoutMs: 2000,
          maxConcurrency: 4,
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
      expect(lines).toContainEqual({
        level: "error",
        message: "quectel AccessKey login refused",
        fields: { code: 401, msg: "authentication failed" },
      });
    });

    it("without Redis each replica logs in by itself, and the store answers undefined", async () => {
      const account = `test-${randomUUID()}`;
      const unreachable = `redis://127.0.0.1:${await freePort()}`;
      const stores = [
        new RedisTokenStore(await connected(unreachable), account),
        new RedisTokenStore(await connected(unreachable), account),
      ];
      expect(await stores[0]!.get()).toBeUndefined();
      expect(await stores[0]!.lock()).toBeUndefined();
      const [a, b] = await Promise.all(stores.map((store) => manager(store).current()));
      expect(a).not.toBe(b);
      expect(calls()).toEqual({ logins: 2, refreshes: 0 });
    });
  });
});
