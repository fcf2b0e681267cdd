import { pino, stdTimeFunctions, type DestinationStream } from "pino";
import { prettyFactory } from "pino-pretty";

/** Levels in increasing severity; a logger prints its own level and above. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** `json`: one object per line, for log collectors; `pretty`: readable lines for a developer's terminal. */
export type LogFormat = "json" | "pretty";

/** Field names whose values are credentials. Their values are replaced before a line is written. */
const SECRET_FIELD = /secret|token|usersig|^sig$|password|signature|authorization|private|credential|cookie/i;

/**
 * Every credential field this service handles, by the name it has in a config, a header or a wire DTO. pino
 * redacts these paths at the top level and one level down; the name pattern above covers any depth (pino's
 * paths cannot), and runs first.
 */
export const CREDENTIAL_FIELDS = [
  "secretKey",
  "accessSecret",
  "privateKey",
  "usersig",
  "userSig",
  "sig",
  "password",
  "token",
  "accessToken",
  "refreshToken",
  "sessionToken",
  "session_token",
  "signature",
  "authorization",
  "Authorization",
  "cookie",
  "x-signature",
  "X-signature",
  "x-oneaccess-session-token",
  "x-alipay-plus-access-token",
  "x-router-secret",
  "routerSharedSecret",
] as const;

/** The paths given to pino's `redact`: each field at the top level, and one level down. */
export const REDACTED_PATHS = CREDENTIAL_FIELDS.flatMap((field) =>
  /^[A-Za-z_$][\w$]*$/.test(field) ? [field, `*.${field}`] : [`["${field}"]`, `*["${field}"]`],
);

/** Strings longer than this (a vendor's error text, an upstream body) are cut: a log line is not an archive. */
export const MAX_LOGGED_TEXT = 200;

export type LogFields = Record<string, unknown>;

/** A structured logger: one JSON object per line, credentials redacted by field name. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** `json` by default. */
  format?: LogFormat;
  /** Where lines go (without their newline); standard error by default. Tests pass an array's push. */
  write?: (line: string) => void;
}

/** Keys pino writes itself; a field of the same name is renamed rather than written twice. */
const RESERVED = new Set(["level", "time", "message", "pid", "hostname"]);

/**
 * Replaces the value of every field (at any depth) whose name says it holds a credential, and cuts long texts.
 * Errors become their name and message (never a stack, which can quote a URL with its query string).
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cut(value);
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: cut(value.message) };
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_FIELD.test(key) ? "[redacted]" : redact(item, depth + 1),
    ]),
  );
}

const cut = (text: string) =>
  text.length <= MAX_LOGGED_TEXT
    ? text
    : `${text.slice(0, MAX_LOGGED_TEXT)}…[${text.length - MAX_LOGGED_TEXT} more characters]`;

function fieldsOf(fields: LogFields): LogFields {
  const redacted = redact(fields) as LogFields;
  const renamed: LogFields = {};
  for (const [key, value] of Object.entries(redacted))
    renamed[RESERVED.has(key) ? `field_${key}` : key] = value;
  return renamed;
}

function destination(options: LoggerOptions): DestinationStream {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  if ((options.format ?? "json") === "json") return { write: (line) => write(line.replace(/\n$/, "")) };
  const pretty = prettyFactory({
    colorize: !options.write && process.stderr.isTTY,
    messageKey: "message",
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname",
    singleLine: true,
  });
  return { write: (line) => write(pretty(line).replace(/\n$/, "")) };
}

/**
 * A Logger written by pino: JSON lines (`level` as its name, ISO `time`, `message`), or readable ones; lines about
 * a request pass its `requestId` among their fields (see observability/request-scope.ts). Fields are redacted by name before pino sees them, and pino redacts the
 * credential paths again.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? "info",
      messageKey: "message",
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination(options),
  );
  const log =
    (level: Exclude<LogLevel, "silent">) =>
    (message: string, fields: LogFields = {}) => {
      if (logger.isLevelEnabled(level)) logger[level](fieldsOf(fields), message);
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** A logger that drops everything (tests that do not read the log). */
export const silentLogger: Logger = createLogger({ level: "silent" });
