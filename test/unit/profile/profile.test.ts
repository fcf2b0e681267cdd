import { describe, expect, it } from "vitest";
import { Gender } from "../../../src/domain/gender.js";
import { normalise } from "../../../src/profile/extract.js";
import { DEFAULT_SOURCE_ORDER, parseProfilePrecedence } from "../../../src/profile/fields.js";
import { pickInOrder, sourcesFor, type SourceOutcome } from "../../../src/profile/merge.js";
import type { QuectelEndUserRecord } from "../../../src/providers/quectel/model.js";
import type { TencentImProfileRecord } from "../../../src/providers/tencent-im/model.js";

const im = (fields: Partial<TencentImProfileRecord>): SourceOutcome => ({
  status: "found",
  record: { customTags: [], ...fields } as TencentImProfileRecord,
});
const quectel = (fields: Partial<QuectelEndUserRecord>): SourceOutcome => ({
  status: "found",
  record: fields as QuectelEndUserRecord,
});

describe("PROFILE_PRECEDENCE", () => {
  it("defaults to the viewer's identity providers before the directories, for every field", () => {
    const { precedence, problems } = parseProfilePrecedence(undefined);
    expect(problems).toEqual([]);
    expect(DEFAULT_SOURCE_ORDER).toEqual(["oneAccess", "alipayPlus", "tencentIm", "quectel"]);
    expect(precedence.displayName).toEqual(DEFAULT_SOURCE_ORDER);
    expect(precedence.timezone).toEqual(DEFAULT_SOURCE_ORDER);
  });

  it("takes a default order and per-field overrides; a source left out of a field is not used for it", () => {
    const { precedence, problems } = parseProfilePrecedence(
      "quectel, tencentIm, oneAccess, alipayPlus; displayName = tencentIm,oneAccess",
    );
    expect(problems).toEqual([]);
    expect(precedence.email).toEqual(["quectel", "tencentIm", "oneAccess", "alipayPlus"]);
    expect(precedence.displayName).toEqual(["tencentIm", "oneAccess"]);
    expect(sourcesFor("displayName", precedence)).toEqual(["tencentIm", "oneAccess"]);
    // IM has no email: the field does not ask it.
    expect(sourcesFor("email", precedence)).toEqual(["quectel", "oneAccess"]);
  });

  it("names unknown sources and fields, duplicates and empty lists", () => {
    expect(
      parseProfilePrecedence("wechat,quectel;nickname=quectel;email=quectel,quectel;phone=").problems,
    ).toEqual([
      "default order: unknown source wechat (sources: oneAccess, alipayPlus, tencentIm, quectel)",
      "unknown profile field nickname (fields: displayName, avatarUrl, email, phone, gender, birthday, nationality, language, timezone, location)",
      "email: a source is listed twice",
      "phone: the list of sources is empty",
    ]);
    expect(parseProfilePrecedence("wechat,line").problems).toEqual([
      "default order: unknown source wechat, line (sources: oneAccess, alipayPlus, tencentIm, quectel)",
    ]);
  });

  it("ignores blank segments and the blanks around them", () => {
    const { precedence, problems } = parseProfilePrecedence(" quectel,tencentIm ;  ; email = quectel ; ");
    expect(problems).toEqual([]);
    expect(precedence.displayName).toEqual(["quectel", "tencentIm"]);
    expect(precedence.email).toEqual(["quectel"]);
  });
});

describe("the merge", () => {
  const order = ["tencentIm", "quectel"] as const;

  /** The sources' outcomes, and the order they were asked in. */
  function sources(outcomes: Partial<Record<"tencentIm" | "quectel", SourceOutcome>>) {
    const asked: string[] = [];
    const ask = async (source: string) => {
      asked.push(source);
      return outcomes[source as keyof typeof outcomes] ?? { status: "absent" as const };
    };
    return { ask, asked };
  }

  it("takes the first source in order that has a value, says which, and asks no source below it", async () => {
    const first = sources({ tencentIm: im({ nick: "Ada" }), quectel: quectel({ nickname: "Q" }) });
    expect(await pickInOrder("displayName", [...order], first.ask)).toEqual({
      value: "Ada",
      source: "tencentIm",
    });
    expect(first.asked).toEqual(["tencentIm"]);
    const second = sources({ tencentIm: im({ nick: null }), quectel: quectel({ nickname: "Q" }) });
    expect(await pickInOrder("displayName", [...order], second.ask)).toEqual({
      value: "Q",
      source: "quectel",
    });
    expect(second.asked).toEqual(["tencentIm", "quectel"]);
  });

  it("skips failed and absent sources, and reports each failure it met", async () => {
    const failed: SourceOutcome = { status: "failed", error: new Error("down") };
    const failures: string[] = [];
    const onFailure = (source: string) => void failures.push(source);
    const down = sources({ tencentIm: failed, quectel: quectel({ nickname: "Q" }) });
    expect((await pickInOrder("displayName", [...order], down.ask, onFailure))?.source).toBe("quectel");
    const none = sources({ tencentIm: { status: "absent" }, quectel: failed });
    expect(await pickInOrder("displayName", [...order], none.ask, onFailure)).toBeNull();
    expect(failures).toEqual(["tencentIm", "quectel"]);
  });

  it("holds back UNKNOWN for gender alone: a name that reads UNKNOWN is a name", async () => {
    const named = sources({ tencentIm: im({ nick: Gender.UNKNOWN }), quectel: quectel({ nickname: "Q" }) });
    expect(await pickInOrder("displayName", [...order], named.ask)).toEqual({
      value: Gender.UNKNOWN,
      source: "tencentIm",
    });
    expect(named.asked).toEqual(["tencentIm"]);
  });

  it("lets a known gender win over an earlier UNKNOWN, and keeps UNKNOWN when nothing knows better", async () => {
    expect(
      await pickInOrder(
        "gender",
        [...order],
        sources({ tencentIm: im({ gender: Gender.UNKNOWN }), quectel: quectel({ gender: Gender.FEMALE }) })
          .ask,
      ),
    ).toEqual({ value: Gender.FEMALE, source: "quectel" });
    expect(
      await pickInOrder(
        "gender",
        [...order],
        sources({ tencentIm: im({ gender: Gender.UNKNOWN }), quectel: quectel({ gender: null }) }).ask,
      ),
    ).toEqual({ value: Gender.UNKNOWN, source: "tencentIm" });
  });

  it("normalises: trims, treats empty as missing, lower-cases emails, compacts phone numbers", () => {
    expect(normalise("displayName", "  Ada  ")).toBe("Ada");
    expect(normalise("displayName", "   ")).toBeNull();
    expect(normalise("email", " Ada@Example.COM ")).toBe("ada@example.com");
    expect(normalise("phone", "+86 (138) 0000-0001")).toBe("+8613800000001");
    expect(normalise("phone", "ext. 12")).toBe("ext. 12");
    expect(normalise("nationality", "sa")).toBe("SA");
  });

  it("compacts only a whole phone number (an optional + and 5 to 20 digits), and keeps anything else as written", () => {
    expect(normalise("phone", "138 0000 0001")).toBe("13800000001");
    expect(normalise("phone", "+44 20 7946")).toBe("+44207946");
    expect(normalise("phone", "1 2345")).toBe("12345");
    expect(normalise("phone", "12 34")).toBe("12 34");
    expect(normalise("phone", `${"1".repeat(20)}`)).toBe("1".repeat(20));
    expect(normalise("phone", `${"1".repeat(10)} ${"1".repeat(11)}`)).toBe(
      `${"1".repeat(10)} ${"1".repeat(11)}`,
    );
    expect(normalise("phone", "++12345")).toBe("++12345");
    expect(normalise("phone", "call 12345")).toBe("call 12345");
    expect(normalise("phone", "12345 ext")).toBe("12345 ext");
  });

  it("takes a gender only as one of the graph's values", () => {
    expect(normalise("gender", Gender.FEMALE)).toBe(Gender.FEMALE);
    expect(normalise("gender", "woman")).toBeNull();
  });
});
