import "reflect-metadata";
import { IsInt, IsOptional, IsUrl, Max, Min, getMetadataStorage, validateSync } from "class-validator";

/**
 * The building blocks every settings module uses: a class whose properties are named exactly like the
 * environment variables (so that every message names the variable to fix), decorators with one message that says
 * the range and the unit, and the reading and validation of such a class.
 */

const URL_OPTIONS = { require_tld: false, protocols: ["http", "https"], require_protocol: true };

/** An optional whole number within bounds, with one message that says the range and the unit. */
export function OptionalWholeNumber(min: number, max: number, unit: string, note = ""): PropertyDecorator {
  const message = `must be a whole number of ${unit} from ${min} to ${max}${note}`;
  return (target, property) => {
    for (const decorate of [IsOptional(), IsInt({ message }), Min(min, { message }), Max(max, { message })]) {
      decorate(target, property as string);
    }
  };
}

export const OptionalPort = () => OptionalWholeNumber(0, 65535, "a port");

/** An http(s) URL; `optional: false` leaves when it is required to a ValidateIf on the same property. */
export function HttpUrl(example: string, { optional = true } = {}): PropertyDecorator {
  return (target, property) => {
    if (optional) IsOptional()(target, property as string);
    IsUrl(URL_OPTIONS, { message: `must be an http(s) URL such as ${example}` })(target, property as string);
  };
}

/** Thrown at start-up; its message lists every bad variable and how to fix it, and never prints a value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSee .env.example.`,
    );
    this.name = "ConfigError";
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a class of any shape, constructed without arguments
export type VariablesClass<Variables extends object> = new (...args: any[]) => Variables;

/** The variables a class declares (every decorated property), and which of them hold whole numbers. */
export function declaredVariables(type: VariablesClass<object>): { names: string[]; numeric: Set<string> } {
  const rules = getMetadataStorage().getTargetValidationMetadatas(type, "", true, false);
  return {
    names: [...new Set(rules.map((rule) => rule.propertyName))],
    numeric: new Set(rules.filter((rule) => rule.name === "isInt").map((rule) => rule.propertyName)),
  };
}

/**
 * Copies the class's variables from the environment, trimmed (empty counts as unset; whole numbers become
 * numbers), validates them, and adds one line per bad variable to `problems`. The line is the message of the
 * decorator written first (class-validator lists constraints in the reverse order of the decorators), and never
 * quotes the value.
 */
export function readVariables<Variables extends object>(
  type: VariablesClass<Variables>,
  env: Record<string, string | undefined>,
  problems: string[],
): Variables {
  const variables = new type();
  const target = variables as Record<string, unknown>;
  const { names, numeric } = declaredVariables(type);
  for (const name of names) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") continue;
    target[name] = numeric.has(name) && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  for (const error of validateSync(variables)) {
    problems.push(
      `${error.property}: ${Object.values(error.constraints ?? {}).reverse()[0] ?? "is invalid"}`,
    );
  }
  return variables;
}

/** The base URL of a named region, for a variable already validated to be one of the regions. */
export const regionUrl = <Regions extends Record<string, string>>(
  regions: Regions,
  region: string | undefined,
) => regions[region as keyof Regions] as string;
