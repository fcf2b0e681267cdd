import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { print } from "graphql";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SandboxUsersDocument,
  type SandboxUsersQuery,
} from "../../examples/web/src/__generated__/graphql.js";
import { SANDBOX_USER_IDS } from "../../examples/web/src/sandbox-viewer.js";

/**
 * The web example in a real browser: the sandbox service as `npm start` runs it (its own emulators, on free
 * ports), the page as `vite build` makes it served by `vite preview` (which proxies /graphql like `npm run web`),
 * and Debian's Chromium driven headless by playwright-core. Nothing leaves 127.0.0.1.
 */

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WEB_CONFIG = join(ROOT, "examples/web/vite.config.ts");
const SCREENSHOT = join(ROOT, "test-results/web-example.png");

// CI installs Chromium (.ci/run), so there a missing browser fails the test; elsewhere it is skipped, saying why.
const runs = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!runs) {
  console.warn(
    `test/e2e/web.test.ts skipped: ${CHROMIUM} is missing (apt-get install -y chromium to run it).`,
  );
}

// A loaded 2-core machine may be slow to build, start and render: each step waits at most 30 s.
describe.runIf(runs)("the web example in Chromium against the sandbox service", { timeout: 90_000 }, () => {
  let service: ChildProcess | undefined;
  let serviceLog = "";
  let serviceUrl: string;
  let imEmulatorUrl: string;
  let page: Page;
  let pageUrl: string;
  let web: PreviewServer | undefined;
  let context: BrowserContext | undefined;
  const temporary: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    const [port, imPort, quectelPort, oneAccessPort, alipayPlusPort] = await freePorts(5);
    serviceUrl = `http://127.0.0.1:${port}/graphql`;
    imEmulatorUrl = `http://127.0.0.1:${imPort}`;
    service = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "development",
        SANDBOX: "true",
        LOG_LEVEL: "warn",
        PORT: String(port),
        TENCENT_IM_EMULATOR_PORT: String(imPort),
        QUECTEL_EMULATOR_PORT: String(quectelPort),
        ONEACCESS_EMULATOR_PORT: String(oneAccessPort),
        ALIPAY_PLUS_EMULATOR_PORT: String(alipayPlusPort),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    service.stdout?.on("data", (chunk: Buffer) => (serviceLog += chunk.toString()));
    service.stderr?.on("data", (chunk: Buffer) => (serviceLog += chunk.toString()));

    const outDir = await mkdtemp(join(tmpdir(), "web-example-"));
    temporary.push(outDir);
    await build({ configFile: WEB_CONFIG, logLevel: "warn", build: { outDir, emptyOutDir: true } });
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, () => serviceLog);
    web = await preview({
      configFile: WEB_CONFIG,
      logLevel: "warn",
      build: { outDir },
      preview: {
        host: "127.0.0.1",
        port: 0,
        proxy: { "/graphql": { target: `http://127.0.0.1:${port}`, changeOrigin: true } },
      },
    });
    pageUrl = `http://127.0.0.1:${(web.httpServer.address() as AddressInfo).port}/`;

    const userDataDir = await mkdtemp(join(tmpdir(), "chromium-profile-"));
    temporary.push(userDataDir);
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 1000 },
    });
    context.setDefaultTimeout(30_000);
    // Nothing leaves the machine: any request to another host is refused, as if offline, and remembered.
    await context.route(
      (url) => url.hostname !== "127.0.0.1",
      (route) => {
        refused.push(new URL(route.request().url()).hostname);
        return route.abort("internetdisconnected");
      },
    );
    page = context.pages()[0] ?? (await context.newPage());
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await web?.close();
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service?.once("exit", resolve));
      service.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (service.exitCode === null) service.kill("SIGKILL");
    }
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
  }, 30_000);

  /** What the service itself answers for the page's list query: the truth the page must show. */
  async function expectedUsers(): Promise<SandboxUsersQuery["users"]> {
    const response = await fetch(serviceUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: print(SandboxUsersDocument), variables: { ids: SANDBOX_USER_IDS } }),
    });
    return ((await response.json()) as { data: SandboxUsersQuery }).data.users;
  }

  /** Every merged field of one user card as the page shows it: value text and source (null when missing). */
  async function shownProfile(userId: string) {
    const rows = page.locator(
      `[data-testid="user"][data-user-id="${userId}"] [data-testid="profile"] tr[data-field]`,
    );
    return rows.evaluateAll((elements) =>
      Object.fromEntries(
        elements.map((row) => [
          row.getAttribute("data-field"),
          {
            value: row.querySelector('[data-testid="value"]')?.textContent,
            source: row.querySelector('[data-testid="source"]')?.getAttribute("data-source") ?? null,
          },
        ]),
      ),
    );
  }

  const sourceState = (userId: string, source: string) =>
    page.locator(
      `[data-testid="user"][data-user-id="${userId}"] [data-testid="source-state"][data-source="${source}"]`,
    );

  async function openPage() {
    await page.goto(pageUrl);
    await page.locator('[data-testid="users"][data-state="ready"]').waitFor();
  }

  it("lists the sandbox users with every merged value and the source it came from", async () => {
    await openPage();
    const expected = await expectedUsers();
    const cards = page.locator('[data-testid="user"]');
    expect(
      await cards.evaluateAll((elements) => elements.map((card) => card.getAttribute("data-user-id"))),
    ).toEqual(SANDBOX_USER_IDS);
    for (const user of expected) {
      const fields = user.profile;
      const shown = await shownProfile(user.id);
      expect(Object.keys(shown).sort()).toEqual(Object.keys(fields).sort());
      for (const [field, entry] of Object.entries(fields)) {
        expect(shown[field], `${user.id} ${field}`).toEqual(
          entry ? { value: String(entry.value), source: entry.source } : { value: "—", source: null },
        );
      }
    }
    // Values quoted from the seeds: nobody is signed in, so the directories answer.
    expect(await page.locator('[data-user-id="u1"] [data-testid="display-name"]').textContent()).toBe(
      "Bo Okafor",
    );
    expect((await shownProfile("u1")).displayName).toEqual({ value: "Bo Okafor", source: "tencentIm" });
    expect((await shownProfile("u1")).timezone).toEqual({ value: "Asia/Shanghai", source: "quectel" });
    await expect.poll(() => sourceState("u1", "tencentIm").getAttribute("data-state")).toBe("found");
    expect(await sourceState("u3000", "tencentIm").getAttribute("data-state")).toBe("absent");
    expect(await sourceState("u3000", "quectel").getAttribute("data-state")).toBe("absent");
    expect(await page.locator('[data-testid="failed"]').count()).toBe(0);
  });

  it("signing in as u3 shows the viewer's own sources, and the cache merges them without refetching", async () => {
    await openPage();
    const requests: string[] = [];
    const countGraphQL = (request: Request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/graphql") {
        requests.push(
          (JSON.parse(request.postData() ?? "{}") as { operationName?: string }).operationName ?? "?",
        );
      }
    };
    page.on("request", countGraphQL);
    await page.selectOption('[data-testid="viewer-select"]', "u3");
    await page.locator('[data-testid="viewer"][data-state="ready"]').waitFor();
    const viewer = page.locator('[data-testid="viewer"]');
    const row = (field: string) => viewer.locator(`tr[data-field="${field}"]`);
    expect(await viewer.locator('[data-testid="viewer-id"]').textContent()).toBe("u3");
    expect(await row("oneAccess.loginName").locator('[data-testid="value"]').textContent()).toBe("user3");
    expect(await row("alipayPlus.userId").locator('[data-testid="value"]').textContent()).toBe(
      "2160000000000003",
    );
    expect(await row("displayName").locator('[data-testid="value"]').textContent()).toBe("dilnoza3");
    expect(await row("displayName").locator('[data-testid="source"]').getAttribute("data-source")).toBe(
      "oneAccess",
    );
    expect(await row("phone").locator('[data-testid="source"]').getAttribute("data-source")).toBe(
      "alipayPlus",
    );
    // The list, refetched for the new viewer, shows u3 as u3 sees themself.
    await expect
      .poll(async () => (await shownProfile("u3")).displayName)
      .toEqual({ value: "dilnoza3", source: "oneAccess" });
    // One list refetch and one viewer query: the viewer's smaller profile selection merged into the cached User
    // instead of replacing the list's (which would make the list refetch).
    await sleep(500);
    page.off("request", countGraphQL);
    expect(requests.sort()).toEqual(["SandboxUsers", "Viewer"]);
  });

  it("a source that fails for one user is marked on that user while everything else renders", async () => {
    await setFaults({ failAccounts: { u2: 40006 } });
    try {
      await openPage();
      await page.selectOption('[data-testid="viewer-select"]', "u3");
      await page.locator('[data-testid="viewer"][data-state="ready"]').waitFor();
      await page.locator('[data-testid="users"][data-state="ready"]').waitFor();

      const failed = sourceState("u2", "tencentIm");
      expect(await failed.getAttribute("data-state")).toBe("failed");
      expect(await failed.locator('[data-testid="failed"]').textContent()).toBe(
        "Tencent IM failed (SOURCE_UNAVAILABLE)",
      );
      expect(await failed.locator('[data-testid="failed"]').isVisible()).toBe(true);
      const caption = page.locator('[data-user-id="u2"] [data-testid="profile-failure"]');
      expect(await caption.isVisible()).toBe(true);
      expect(await caption.textContent()).toContain("Tencent IM failed (SOURCE_UNAVAILABLE)");
      // u2's name now comes from Quectel; u2's other source and every other user are unaffected.
      const expected = (await expectedUsers()).find((user) => user.id === "u2")!;
      expect(expected.profile.displayName?.source).toBe("quectel");
      expect((await shownProfile("u2")).displayName).toEqual({
        value: expected.profile.displayName?.value,
        source: "quectel",
      });
      expect(await sourceState("u2", "quectel").getAttribute("data-state")).toBe("found");
      expect(await sourceState("u1", "tencentIm").getAttribute("data-state")).toBe("found");
      expect((await shownProfile("u1")).displayName).toEqual({ value: "Bo Okafor", source: "tencentIm" });
      expect(await page.locator('[data-testid="failed"]:visible').count()).toBe(2);

      await mkdir(join(ROOT, "test-results"), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await setFaults({ failAccounts: {} });
    }
  });

  it("Apollo Sandbox offline says it cannot load (the README's note); the page itself needs no other host", async () => {
    expect(refused).toEqual([]);
    await page.goto(serviceUrl);
    const fallback = page.locator(".fallback");
    await expect
      .poll(() => fallback.innerText())
      .toBe(
        "Welcome to Apollo Server\n\nApollo Sandbox cannot be loaded; it appears that you might be offline.",
      );
    expect(await fallback.isVisible()).toBe(true);
    expect(await page.locator("#embeddableSandbox iframe").count()).toBe(0);
    // Why: Sandbox itself comes from Apollo's CDN (refused here, as it fails offline).
    expect(refused).toContain("embeddable-sandbox.cdn.apollographql.com");
  });

  async function setFaults(faults: Record<string, unknown>) {
    const response = await fetch(`${imEmulatorUrl}/__faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(faults),
    });
    expect(response.status).toBe(200);
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ports free right now, picked by the OS (held together, so they differ). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Polls the service's health check until it answers, for at most 60 s; on failure, says what the service said. */
async function waitForHealth(url: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`The sandbox service did not start within 60 s. Its output:\n${log()}`);
}
