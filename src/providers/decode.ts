/**
 * Decoding helpers every mapper shares: vendors send the same kinds of loosely typed values (text that may be
 * empty or padded, numbers as strings, dates as text), and each mapper must read them the same way.
 */

export interface TextOptions {
  /** Take a number as its decimal text (vendors that send ids and codes as either). Default: null. */
  acceptNumbers?: boolean;
  /** Trim white space (default); without it only the empty string counts as missing. */
  trim?: boolean;
}

/** A text value, or null when it is missing, empty (after trimming) or not text. */
export function decodeText(
  value: unknown,
  { acceptNumbers = false, trim = true }: TextOptions = {},
): string | null {
  if (typeof value === "number") return acceptNumbers && Number.isFinite(value) ? String(value) : null;
  if (typeof value !== "string") return null;
  const text = trim ? value.trim() : value;
  return text === "" ? null : text;
}

/** yyyy-MM-dd when year, month and day make a real calendar date (no 31 April, no 29 February 2023), else null. */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A `yyyy-MM-dd` text (one or two digits allowed for month and day) that is a real calendar date, else null. */
export function decodeIsoDate(value: unknown): string | null {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(decodeText(value) ?? "");
  return match ? calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/**
 * The value a vendor's code stands for in `table`, or null for a code the table does not have. Only the table's own
 * entries count: a code named like an Object property (`constructor`, `__proto__`) is unknown, not a function.
 */
export function decodeCode<Value>(
  table: Readonly<Record<string, Value>>,
  code: string | null | undefined,
): Value | null {
  return code !== null && code !== undefined && Object.hasOwn(table, code) ? table[code]! : null;
}
