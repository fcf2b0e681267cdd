import axios from "axios";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus' text format (what `/metrics` serves) into samples; comments are skipped. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1]!, label[2]!]),
    );
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The service's metrics, read over HTTP from the server whose GraphQL endpoint is `graphqlUrl`. */
export async function scrape(graphqlUrl: string) {
  const response = await axios.get<string>(graphqlUrl.replace(/\/graphql$/, "/metrics"), {
    responseType: "text",
  });
  const samples = parsePrometheus(response.data);
  return {
    contentType: String(response.headers["content-type"]),
    text: response.data,
    samples,
    /** The value of the one sample with this name whose labels include `labels`; undefined when none. */
    value(name: string, labels: Record<string, string> = {}): number | undefined {
      const found = samples.filter(
        (sample) =>
          sample.name === name &&
          Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      );
      if (found.length > 1)
        throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
  };
}
