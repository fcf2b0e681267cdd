import "reflect-metadata";
import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../../src/context.js";
import { SOURCE_NAMES } from "../../../src/providers/registry.js";
import { QuectelEndUserResolver } from "../../../src/schema/quectel/quectel.resolver.js";
import type { QuectelEndUser } from "../../../src/schema/quectel/quectel-end-user.type.js";
import { SourceStatusResolver } from "../../../src/schema/status/source-status.resolver.js";
import { TencentImProfileResolver } from "../../../src/schema/tencent-im/tencent-im.resolver.js";
import type { TencentImProfile } from "../../../src/schema/tencent-im/tencent-im-profile.type.js";

describe("the raw values as text", () => {
  it("Quectel's statusRaw: the number sent as text, null when none was sent", () => {
    const resolver = new QuectelEndUserResolver();
    expect(resolver.statusRaw({ statusRaw: 7 } as QuectelEndUser)).toBe("7");
    expect(resolver.statusRaw({ statusRaw: null } as QuectelEndUser)).toBeNull();
  });

  it("Tencent IM's birthdayRaw: the number sent as text, null when none was sent", () => {
    const resolver = new TencentImProfileResolver();
    expect(resolver.birthdayRaw({ birthdayRaw: 19900131 } as TencentImProfile)).toBe("19900131");
    expect(resolver.birthdayRaw({ birthdayRaw: null } as TencentImProfile)).toBeNull();
  });
});

describe("sourceStatus", () => {
  it("lists every source, in the registry's order, with whether it is configured and emulated", () => {
    const configured = { oneAccess: true, alipayPlus: false, tencentIm: true, quectel: false };
    const context = { deployment: { configured, sandbox: true } } as unknown as RequestContext;
    expect(new SourceStatusResolver().sourceStatus(context)).toEqual(
      SOURCE_NAMES.map((source) => ({ source, configured: configured[source], sandbox: true })),
    );
    expect(SOURCE_NAMES).toHaveLength(4);
  });
});
