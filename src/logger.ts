/** Levels in increasing severity; a logger prints its own level and above. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Field names whose values are credentials. Their values are replaced before a line is written. */
const SECRET_FIELD = /secret|token|usersig|^sig$|password|signature|authorization|private|credential|cookie/i;

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
  /** Where lines go; standard error by default. Tests pass an array's push to read what was logged. */
  write?: (line: string) => void;
}

/** Replaces the value of every field (at any depth) whose name says it holds a credential. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message };
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_FIELD.test(key) ? "[redacted]" : redact(item, depth + 1),
    ]),
  );
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = SEVERITY[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log =
    (level: Exclude<LogLevel, "silent">) =>
    (message: string, fields: LogFields = {}) => {
      if (SEVERITY[level] < threshold) return;
      write(
        JSON.stringify({ time: new Date().toISOString(), level, message, ...(redact(fields) as LogFields) }),
      );
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** A logger that drops everything (tests that do not read the log). */
export const silentLogger: Logger = createLogger({ level: "silent" });
