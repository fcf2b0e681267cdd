import {
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { SOURCES, type SourceName } from "../providers/registry.js";

/** What a request would cost, estimated from its selection and variables before anything runs. */
export interface CostEstimate {
  /** Distinct users across every field, alias and `_entities` representation. */
  users: number;
  /** Upstream calls per source: IM ⌈n/100⌉ for n distinct users, Quectel n, a viewer-only source 1. */
  calls: Record<SourceName, number>;
  /** Objects and fields of the result, multiplied by the list sizes above them. */
  resultSize: number;
  aliases: number;
  depth: number;
  /** The most ids one `users(ids:)` field asks for (its own limit is USERS_MAX_IDS). */
  largestIdList: number;
}

/** Lists whose size the request does not say (a user's custom tags, login ids): counted as this many items. */
export const ASSUMED_LIST_SIZE = 10;

/** Accounts one call carries, for sources that batch; 1 for the others. */
const ACCOUNTS_PER_CALL: Partial<Record<SourceName, number>> = { tencentIm: 100 };

const SERVER_SOURCES = new Set<string>(SOURCES.filter((s) => s.access.kind === "server").map((s) => s.name));
const VIEWER_SOURCES = new Set<string>(SOURCES.filter((s) => s.access.kind === "viewer").map((s) => s.name));

/** Stands for the signed-in user among the ids of `me`. */
const VIEWER = "\u0000viewer";

/**
 * Walks the operation once, with its fragments and variables: which users each root field brings (`user`, `users`,
 * `me`, `_entities`), which sources are asked for them (a source's own field, or the merged profile, which may ask
 * every source), how many objects and fields the result holds, how many aliases and how deep it goes.
 */
export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  /** The signed-in user, when there is one: `me` is that user. */
  viewerId?: string,
): CostEstimate {
  const users = new Set<string>();
  const asked = new Map<string, Set<string>>(SOURCES.map((source) => [source.name, new Set<string>()]));
  let resultSize = 0;
  let aliases = 0;
  let depth = 0;
  let largestIdList = 0;

  const valueOf = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    switch (node.kind) {
      case Kind.VARIABLE:
        return variables[node.name.value];
      case Kind.LIST:
        return node.values.map(valueOf);
      case Kind.OBJECT:
        return Object.fromEntries(node.fields.map((field) => [field.name.value, valueOf(field.value)]));
      case Kind.STRING:
      case Kind.ENUM:
        return node.value;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(node.value);
      default:
        return undefined;
    }
  };
  const argument = (field: FieldNode, name: string) =>
    valueOf(field.arguments?.find((arg) => arg.name.value === name)?.value);
  const asList = (value: unknown): unknown[] =>
    Array.isArray(value) ? value : value === undefined ? [] : [value];

  /** The user ids a root field brings. */
  const rootUsers = (field: FieldNode): string[] => {
    switch (field.name.value) {
      case "user":
        return asList(argument(field, "id")).map(String);
      case "users":
        return asList(argument(field, "ids")).map(String);
      case "me":
        return [VIEWER];
      case "_entities":
        return asList(argument(field, "representations")).map((representation) =>
          String((representation as { id?: unknown } | null)?.id),
        );
      default:
        return [];
    }
  };

  /**
   * Each field selected in `selectionSet`, through fragments, with the object type it is selected on: a fragment's
   * type condition names it where the parent is abstract (`_entities` returns the `_Entity` union).
   */
  const fieldsOf = (
    selectionSet: SelectionSetNode,
    type: GraphQLObjectType | null,
    into: [FieldNode, GraphQLObjectType | null][] = [],
  ): [FieldNode, GraphQLObjectType | null][] => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        into.push([selection, type]);
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : null;
      fieldsOf(fragment.selectionSet, isObjectType(condition) ? condition : type, into);
    }
    return into;
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLObjectType | null,
    count: number,
    level: number,
    userIds: string[] | null,
  ): void => {
    depth = Math.max(depth, level);
    for (const [field, type] of fieldsOf(selectionSet, parentType)) {
      if (field.alias) aliases++;
      resultSize += count;
      const definition: GraphQLField<unknown, unknown> | undefined =
        level === 1 && field.name.value === SchemaMetaFieldDef.name
          ? SchemaMetaFieldDef
          : level === 1 && field.name.value === TypeMetaFieldDef.name
            ? TypeMetaFieldDef
            : type?.getFields()[field.name.value];
      let ids = userIds;
      if (level === 1) {
        ids = rootUsers(field).map((id) => (id === VIEWER && viewerId ? viewerId : id));
        if (field.name.value === "users") largestIdList = Math.max(largestIdList, ids.length);
        for (const id of ids) users.add(id);
      } else if (type?.name === "User" && userIds) {
        const name = field.name.value;
        if (SERVER_SOURCES.has(name) || VIEWER_SOURCES.has(name))
          for (const id of userIds) asked.get(name)!.add(id);
        if (name === "profile") for (const set of asked.values()) for (const id of userIds) set.add(id);
      }
      if (!field.selectionSet || !definition) continue;
      const { itemType, items } = multiplicity(
        definition.type,
        level === 1 && ids ? ids.length : ASSUMED_LIST_SIZE,
      );
      walk(field.selectionSet, isObjectType(itemType) ? itemType : null, count * items, level + 1, ids);
    }
  };

  const root = operation.operation === "query" ? schema.getQueryType() : null;
  walk(operation.selectionSet, root ?? null, 1, 1, null);

  const calls = {} as Record<SourceName, number>;
  for (const [name, ids] of asked) {
    const source = name as SourceName;
    const viewerOnly = VIEWER_SOURCES.has(name);
    calls[source] = viewerOnly
      ? Math.min(ids.size, 1)
      : Math.ceil([...ids].filter((id) => id !== VIEWER).length / (ACCOUNTS_PER_CALL[source] ?? 1)) +
        (ids.has(VIEWER) ? 1 : 0);
  }
  return { users: users.size, calls, resultSize, aliases, depth, largestIdList };
}

/** A field's item type, and how many items it returns: a list's size, or 1. */
function multiplicity(
  type: GraphQLOutputType,
  listSize: number,
): { itemType: GraphQLOutputType; items: number } {
  const inner = isNonNullType(type) ? type.ofType : type;
  return { itemType: getNamedType(type), items: isListType(inner) ? listSize : 1 };
}
