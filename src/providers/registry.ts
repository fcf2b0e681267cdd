import type { SourceDescriptor } from "../domain/source.js";
import { alipayPlusSource } from "./alipay-plus/source.js";
import { oneAccessSource } from "./one-access/source.js";
import { quectelSource } from "./quectel/source.js";
import { tencentImSource } from "./tencent-im/source.js";

/**
 * Every source of the graph, one line each. The order is the default profile precedence: the signed-in user's
 * own identity providers (OneAccess, then the wallet) before the directories the app administers (IM, then
 * Quectel). Configuration, clients, per-request loaders, the merge and Query.sourceStatus iterate this list.
 */
export const SOURCES = [oneAccessSource, alipayPlusSource, tencentImSource, quectelSource] as const;

export type Source = (typeof SOURCES)[number];
/** The sources' names: their `User` fields and the `extensions.source` of their errors. */
export type SourceName = Source["name"];

type DescriptorOf<Name extends SourceName> = Extract<Source, { name: Name }>;
/* eslint-disable @typescript-eslint/no-explicit-any -- type-level extraction from the descriptors */
export type ConfigOf<Name extends SourceName> = Name extends SourceName
  ? DescriptorOf<Name> extends SourceDescriptor<any, infer Config, any, any, any, any>
    ? Config
    : never
  : never;
export type ClientOf<Name extends SourceName> = Name extends SourceName
  ? DescriptorOf<Name> extends SourceDescriptor<any, any, infer Client, any, any, any>
    ? Client
    : never
  : never;
export type RecordOf<Name extends SourceName> = Name extends SourceName
  ? DescriptorOf<Name> extends SourceDescriptor<any, any, any, infer Record, any, any>
    ? Record
    : never
  : never;
export type ClientOptionsOf<Name extends SourceName> = Name extends SourceName
  ? DescriptorOf<Name> extends SourceDescriptor<any, any, any, any, infer Options, any>
    ? Options
    : never
  : never;
export type EmulatorSettingsOf<Name extends SourceName> = Name extends SourceName
  ? DescriptorOf<Name> extends SourceDescriptor<any, any, any, any, any, infer Emulator>
    ? Emulator
    : never
  : never;
/* eslint-enable @typescript-eslint/no-explicit-any */

export const SOURCE_NAMES: SourceName[] = SOURCES.map((source) => source.name);

/** The descriptor of a source by name. */
export const sourceNamed = <Name extends SourceName>(name: Name): DescriptorOf<Name> =>
  SOURCES.find((source) => source.name === name) as DescriptorOf<Name>;

/** How messages name each source. */
export const SOURCE_LABELS = Object.fromEntries(
  SOURCES.map((source) => [source.name, source.label]),
) as Record<SourceName, string>;
