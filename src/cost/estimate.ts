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

/** The User fields that are a source's own. */
const SOURCE_FIELDS = new Set<string>(SOURCES.map((source) => source.name));
const VIEWER_SOURCES = new Set<string>(SOURCES.filter((s) => s.access.kind === "viewer").map((s) => s.name));

/** Stands for the signed-in user among the ids of `me`. */
const VIEWER = "\u0000viewer";

/**
 * Walks the operation once, with its fragments and variables: which users each root field brings (`user`, `users`,
 * `me`, `_entities`), which sources are asked for them (a source's own field, or the merged profile, which may ask
 * every source), how many objects and fields the result holds, how many aliases and how deep it goes. Everything
 * but the users comes from the document alone, so it is worked out once per operation (see `planOf`); a request
 * adds its variables' ids.
 */
export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  /** The signed-in user, when there is one: `me` is that user. */
  viewerId?: string,
): CostEstimate {
  const plan = planOf(schema, operation, fragments);
  let resultSize = 0;
  let largestIdList = 0;
  // The ids each root field brings. With one root field (most requests) its set is the users and the ids asked of
  // each source it asks, without copying.
  const rootIds: Set<string>[] = [];
  for (const root of plan.roots) {
    const ids = rootUsers(root.field, variables);
    if (root.field.name.value === "users") largestIdList = Math.max(largestIdList, ids.length);
    const distinct = new Set<string>();
    for (const id of ids) distinct.add(id === VIEWER && viewerId ? viewerId : id);
    rootIds.push(distinct);
    resultSize += 1 + (root.listTyped ? ids.length : 1) * root.sizePerItem;
  }
  let users = rootIds[0] ?? new Set<string>();
  const asked = new Map<SourceName, Set<string>>();
  if (plan.roots.length === 1) {
    for (const source of plan.roots[0]!.asks) asked.set(source, users);
  } else {
    users = new Set(rootIds.flatMap((ids) => [...ids]));
    plan.roots.forEach((root, index) => {
      for (const source of root.asks) {
        let set = asked.get(source);
        if (!set) asked.set(source, (set = new Set()));
        for (const id of rootIds[index]!) set.add(id);
      }
    });
  }

  const calls = {} as Record<SourceName, number>;
  for (const { name } of SOURCES) {
    const ids = asked.get(name);
    const viewerAsked = ids?.has(VIEWER) ? 1 : 0;
    const others = (ids?.size ?? 0) - viewerAsked;
    calls[name] = VIEWER_SOURCES.has(name)
      ? Math.min(ids?.size ?? 0, 1)
      : Math.ceil(others / (ACCOUNTS_PER_CALL[name] ?? 1)) + viewerAsked;
  }
  return {
    users: users.size,
    calls,
    resultSize,
    aliases: plan.aliases,
    depth: plan.depth,
    largestIdList,
  };
}

/** What the cost of one root field depends on, besides the ids its arguments bring. */
interface RootFieldPlan {
  field: FieldNode;
  /** Whether the field returns a list (an item per id) rather than one object. */
  listTyped: boolean;
  /** Objects and fields under one item of the field. */
  sizePerItem: number;
  /** The sources asked for the field's users, by the fields selected under it. */
  asks: Set<SourceName>;
}

/** The part of an operation's cost that its document alone decides. */
interface OperationPlan {
  roots: RootFieldPlan[];
  aliases: number;
  depth: number;
}

/**
 * Plans by schema and operation: Apollo Server hands a repeated document's cached operation node to every request
 * that sends it, so an operation is planned once, whatever its variables.
 */
const plans = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, OperationPlan>>();

function planOf(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): OperationPlan {
  let ofSchema = plans.get(schema);
  if (!ofSchema) plans.set(schema, (ofSchema = new WeakMap()));
  let plan = ofSchema.get(operation);
  if (!plan) ofSchema.set(operation, (plan = planOperation(schema, operation, fragments)));
  return plan;
}

function planOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): OperationPlan {
  let aliases = 0;
  let depth = 0;

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

  /** Objects and fields under one item of a field at `level` - 1, noting the sources asked into `asks`. */
  const sizeOf = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLObjectType | null,
    level: number,
    asks: Set<SourceName>,
  ): number => {
    depth = Math.max(depth, level);
    let size = 0;
    for (const [field, type] of fieldsOf(selectionSet, parentType)) {
      if (field.alias) aliases++;
      size += 1;
      if (type?.name === "User") {
        const name = field.name.value;
        if (SOURCE_FIELDS.has(name)) asks.add(name as SourceName);
        if (name === "profile") for (const source of SOURCES) asks.add(source.name);
      }
      const definition = type?.getFields()[field.name.value];
      if (!field.selectionSet || !definition) continue;
      const itemType = getNamedType(definition.type);
      const items = isList(definition.type) ? ASSUMED_LIST_SIZE : 1;
      size += items * sizeOf(field.selectionSet, isObjectType(itemType) ? itemType : null, level + 1, asks);
    }
    return size;
  };

  const rootType = operation.operation === "query" ? schema.getQueryType() : null;
  depth = 1;
  const roots = fieldsOf(operation.selectionSet, rootType ?? null).map(([field, type]): RootFieldPlan => {
    if (field.alias) aliases++;
    const name = field.name.value;
    const definition: GraphQLField<unknown, unknown> | undefined =
      name === SchemaMetaFieldDef.name
        ? SchemaMetaFieldDef
        : name === TypeMetaFieldDef.name
          ? TypeMetaFieldDef
          : type?.getFields()[name];
    const asks = new Set<SourceName>();
    if (!field.selectionSet || !definition) return { field, listTyped: false, sizePerItem: 0, asks };
    const itemType = getNamedType(definition.type);
    const sizePerItem = sizeOf(field.selectionSet, isObjectType(itemType) ? itemType : null, 2, asks);
    return { field, listTyped: isList(definition.type), sizePerItem, asks };
  });
  return { roots, aliases, depth };
}

/** The user ids a root field brings. */
function rootUsers(field: FieldNode, variables: Record<string, unknown>): string[] {
  const argument = (name: string) =>
    valueOf(field.arguments?.find((arg) => arg.name.value === name)?.value, variables);
  switch (field.name.value) {
    case "user":
      return asList(argument("id")).map(String);
    case "users":
      return asList(argument("ids")).map(String);
    case "me":
      return [VIEWER];
    case "_entities":
      return asList(argument("representations")).map((representation) =>
        String((representation as { id?: unknown } | null)?.id),
      );
    default:
      return [];
  }
}

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, valueOf(field.value, variables)]),
      );
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    default:
      return undefined;
  }
}

/** Whether a field returns a list, non-null or not. */
const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);
