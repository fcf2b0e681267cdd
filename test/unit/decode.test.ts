import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/domain/clock.js";
import { silentLogger } from "../../src/logger.js";
import { createSourceClients } from "../../src/providers/clients.js";
import { calendarDate, decodeCode, decodeIsoDate, decodeText } from "../../src/providers/decode.js";
import { createSingleCallLoader } from "../../src/providers/single-call-loader.js";

/** The helpers every mapper reads vendor values with, and what the providers' shared wiring builds. */
describe("decodeText", () => {
  it("trims, and takes empty or blank text, or anything but text, as missing", () => {
    expect(decodeText("  Ada ")).toBe("Ada");
    expect(decodeText("   ")).toBeNull();
    expect(decodeText("")).toBeNull();
    expect(decodeText(null)).toBeNull();
    expect(decodeText({ text: "Ada" })).toBeNull();
  });

  it("takes a number only when asked, and only a finite one", () => {
    expect(decodeText(42)).toBeNull();
    expect(decodeText(42, { acceptNumbers: true })).toBe("42");
    expect(decodeText(Number.NaN, { acceptNumbers: true })).toBeNull();
    expect(decodeText(Number.POSITIVE_INFINITY, { acceptNumbers: true })).toBeNull();
  });

  it("keeps white space when told not to trim; only the empty string is then missing", () => {
    expect(decodeText(" Ada ", { trim: false })).toBe(" Ada ");
    expect(decodeText(" ", { trim: false })).toBe(" ");
    expect(decodeText("", { trim: false })).toBeNull();
  });
});

describe("calendarDate", () => {
  it("writes a real date as yyyy-MM-dd, padding every part", () => {
    expect(calendarDate(2024, 2, 29)).toBe("2024-02-29");
    expect(calendarDate(1, 1, 1)).toBe("0001-01-01");
    expect(calendarDate(99, 12, 31)).toBe("0099-12-31");
    expect(calendarDate(9999, 12, 31)).toBe("9999-12-31");
  });

  it("refuses a day, month or year no calendar has", () => {
    for (const [year, month, day] of [
      [2023, 2, 29],
      [2024, 4, 31],
      [2024, 13, 1],
      [2024, 0, 1],
      [2024, 1, 0],
      // A whole year of days later lands on 1 January again: only the day tells.
      [2023, 1, 366],
      [0, 1, 1],
      [-1, 1, 1],
      [10000, 1, 1],
      [2024.5, 1, 1],
    ] as const) {
      expect(calendarDate(year, month, day), `${year}-${month}-${day}`).toBeNull();
    }
  });
});

describe("decodeIsoDate", () => {
  it("reads yyyy-M-d and yyyy-MM-dd, nothing around them", () => {
    expect(decodeIsoDate(" 1990-2-3 ")).toBe("1990-02-03");
    expect(decodeIsoDate("1990-02-28")).toBe("1990-02-28");
    for (const text of [
      "x1990-02-28",
      "1990-02-28x",
      "1990-02-28T00:00:00Z",
      "90-02-28",
      "1990-02-30",
      null,
    ]) {
      expect(decodeIsoDate(text), String(text)).toBeNull();
    }
  });
});

describe("decodeCode", () => {
  it("maps the table's own codes; anything else, null and undefined included, is null", () => {
    const table = { M: "male", null: "a code spelt null", undefined: "a code spelt undefined" };
    expect(decodeCode(table, "M")).toBe("male");
    expect(decodeCode(table, "null")).toBe("a code spelt null");
    expect(decodeCode(table, "X")).toBeNull();
    expect(decodeCode(table, "constructor")).toBeNull();
    expect(decodeCode(table, null)).toBeNull();
    expect(decodeCode(table, undefined)).toBeNull();
  });
});

describe("createSingleCallLoader", () => {
  it("asks once per distinct key and fails a key alone, with an Error even when the fetch threw something else", async () => {
    const asked: string[] = [];
    const loader = createSingleCallLoader("test", async (key: string) => {
      asked.push(key);
      if (key === "bad") throw new Error("bad key");
      if (key === "odd") throw "not an error";
      return key.toUpperCase();
    });
    const [a, again, bad, odd] = await Promise.allSettled([
      loader.load("a"),
      loader.load("a"),
      loader.load("bad"),
      loader.load("odd"),
    ]);
    expect(a).toEqual({ status: "fulfilled", value: "A" });
    expect(again).toEqual({ status: "fulfilled", value: "A" });
    expect(bad).toMatchObject({ status: "rejected", reason: new Error("bad key") });
    expect(odd).toMatchObject({ status: "rejected", reason: new Error("not an error") });
    expect(asked).toEqual(["a", "bad", "odd"]);
  });
});

describe("createSourceClients", () => {
  it("gives every source the deployment has not configured a null client", () => {
    const clients = createSourceClients(
      { tencentIm: null, quectel: null, oneAccess: null, alipayPlus: null },
      { logger: silentLogger, clock: systemClock, fleet: null, cacheMaxEntries: 10 },
    );
    expect(clients).toStrictEqual({ tencentIm: null, quectel: null, oneAccess: null, alipayPlus: null });
  });
});
