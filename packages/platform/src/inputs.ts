// Input no database could store is the caller's mistake, refused before anything runs: text with a
// NUL byte (PostgreSQL cannot keep U+0000 in text) and dates outside years 1–9999 or off the
// calendar. One check for every argument of every operation, named by its path (`input.summary`,
// `inputs.3.delegateIds.0`), in the gateway and in each subgraph alike.
//
// The schema's types are inspected by their toStringTag, not with graphql's isListType and friends
// or TypeInfo: graphql ships CommonJS and ESM builds, and a schema built by one (Apollo, Pothos and
// @apollo/subgraph load the CommonJS one) is "from another realm" to the other's type checks.
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import {
  type DocumentNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { DateResolver, DateTimeResolver } from "graphql-scalars";

export const NUL_TEXT_MESSAGE = "Text may not contain the NUL character (U+0000).";
export const DATE_TIME_MESSAGE =
  "DateTime must be a real date and time in the years 0001 to 9999 with an offset, such as 2026-05-01T09:30:00Z.";
export const DATE_MESSAGE = "Date must be a real calendar date in the years 0001 to 9999, such as 2026-05-01.";

/** A refusal of the caller's input: 400, BAD_USER_INPUT, and the field when known. */
function refusal(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "BAD_USER_INPUT", ...(field === undefined ? {} : { field }), http: { status: 400 } },
  });
}

interface Resolver {
  parseValue(value: unknown): unknown;
}

const inSupportedYears = (date: Date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;
/** The year as written ("0000-…" is year 0 even where an offset moves the instant into year 1). */
const writtenYearIsSupported = (value: unknown) => typeof value !== "string" || !value.startsWith("0000");

function parseWithin(resolver: Resolver, message: string, value: unknown): Date {
  let parsed: unknown;
  try {
    parsed = resolver.parseValue(value);
  } catch {
    throw refusal(message);
  }
  if (!(parsed instanceof Date) || !inSupportedYears(parsed) || !writtenYearIsSupported(value)) throw refusal(message);
  return parsed;
}

/** A DateTime a client sent, as a Date; refuses (BAD_USER_INPUT) anything off the calendar or outside years 1–9999. */
export const parseDateTimeInput = (value: unknown): Date => parseWithin(DateTimeResolver, DATE_TIME_MESSAGE, value);
/** A calendar Date a client sent (YYYY-MM-DD), as a Date at UTC midnight; refuses the same. */
export const parseDateInput = (value: unknown): Date => parseWithin(DateResolver, DATE_MESSAGE, value);

function strictParsing(parse: (value: unknown) => Date, message: string) {
  return {
    parseValue: parse,
    parseLiteral: (node: ValueNode) => {
      if (node.kind !== Kind.STRING) throw refusal(message);
      return parse(node.value);
    },
  };
}

/** Input parsing for graphql-scalars' DateTime (`builder.addScalarType("DateTime", DateTimeResolver, …)`). */
export const strictDateTimeParsing = strictParsing(parseDateTimeInput, DATE_TIME_MESSAGE);
/** Input parsing for graphql-scalars' Date. */
export const strictDateParsing = strictParsing(parseDateInput, DATE_MESSAGE);

/** What a value of a named type must satisfy beyond being text without NUL, wherever the type is known. */
const SCALAR_CHECKS: Record<string, (value: string) => unknown> = {
  DateTime: parseDateTimeInput,
  Date: parseDateInput,
};

// ---- Walking an operation's arguments with the schema's types ----

/** A GraphQL type of either realm, seen only through what every realm has. */
interface AnyType {
  name?: string;
  ofType?: AnyType;
  getFields?: () => Record<string, { type: AnyType; args?: readonly AnyArgument[] }>;
}
interface AnyArgument {
  name: string;
  type: AnyType;
}
interface AnySchema {
  getRootType(operation: string): AnyType | null | undefined;
  getType(name: string): AnyType | null | undefined;
  getDirective(name: string): { args: readonly AnyArgument[] } | null | undefined;
}

const tag = (type: AnyType | undefined) => (type ? Object.prototype.toString.call(type) : "");
const nullable = (type: AnyType | undefined) => (tag(type) === "[object GraphQLNonNull]" ? type?.ofType : type);
const named = (type: AnyType | undefined): AnyType | undefined => (type?.ofType ? named(type.ofType) : type);
/** The type of a list's items, or the type itself where one value stands for a list of one. */
function itemType(type: AnyType | undefined) {
  const inner = nullable(type);
  return tag(inner) === "[object GraphQLList]" ? inner?.ofType : inner;
}
function inputFieldType(type: AnyType | undefined, name: string) {
  const base = named(type);
  return tag(base) === "[object GraphQLInputObjectType]" ? base?.getFields?.()[name]?.type : undefined;
}

/**
 * Where a value stands, from its argument down (`inputs.3.delegateIds.0`). Kept as links and spelled
 * out only for a refusal: an entity fetch carries thousands of representations, and a string per
 * value walked was most of this check's cost.
 */
interface Path {
  readonly parent: Path | null;
  readonly key: string | number;
}
const child = (parent: Path, key: string | number): Path => ({ parent, key });
function spelled(path: Path): string {
  const keys: (string | number)[] = [];
  for (let at: Path | null = path; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join(".");
}

class Refused extends Error {
  constructor(
    message: string,
    readonly path: Path,
  ) {
    super(message);
  }
}

function checkText(text: string, type: AnyType | undefined, path: Path) {
  if (text.includes("\u0000")) throw new Refused(NUL_TEXT_MESSAGE, path);
  const check = SCALAR_CHECKS[named(type)?.name ?? ""];
  if (!check) return;
  try {
    check(text);
  } catch (error) {
    throw new Refused((error as Error).message, path);
  }
}

/** A variable's value (JSON) at a position of this type; where the type is unknown (inside a JSON scalar), only NUL is looked for. */
function checkValue(value: unknown, type: AnyType | undefined, path: Path) {
  if (typeof value === "string") {
    checkText(value, type, path);
  } else if (Array.isArray(value)) {
    const items = itemType(type);
    for (let index = 0; index < value.length; index++) checkValue(value[index], items, child(path, index));
  } else if (value !== null && typeof value === "object") {
    for (const key in value) {
      if (Object.hasOwn(value, key)) {
        checkValue((value as Record<string, unknown>)[key], inputFieldType(type, key), child(path, key));
      }
    }
  }
}

type VariableCheck = (name: string, type: AnyType | undefined, path: Path) => void;

/** A value written in the document, where a variable may stand for any part of it. */
function checkLiteral(node: ValueNode, type: AnyType | undefined, path: Path, variable: VariableCheck): void {
  if (node.kind === Kind.STRING) {
    checkText(node.value, type, path);
  } else if (node.kind === Kind.LIST) {
    const items = itemType(type);
    for (const [index, item] of node.values.entries()) checkLiteral(item, items, child(path, index), variable);
  } else if (node.kind === Kind.OBJECT) {
    for (const inner of node.fields) {
      checkLiteral(inner.value, inputFieldType(type, inner.name.value), child(path, inner.name.value), variable);
    }
  } else if (node.kind === Kind.VARIABLE) {
    variable(node.name.value, type, path);
  }
}

/**
 * The first argument value of the operation (written in it, sent as a variable or a variable's
 * default, at any depth, of fields and directives) that no database should be asked to store, as a
 * BAD_USER_INPUT error naming its path from the argument; null when there is none. Values of the
 * wrong type are left to GraphQL's own coercion.
 */
export function findRefusedInput(
  schema: unknown,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  answeredPerItem: ReadonlySet<string> = new Set(),
): GraphQLError | null {
  const types = schema as AnySchema;
  const defaults = new Map(
    (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]),
  );
  const variable: VariableCheck = (name, type, path) => {
    if (variables && Object.hasOwn(variables, name)) {
      checkValue(variables[name], type, path);
    } else {
      const fallback = defaults.get(name);
      if (fallback) checkLiteral(fallback, type, path, () => {});
    }
  };
  const checkArguments = (
    nodes: readonly { name: { value: string }; value: ValueNode }[] | undefined,
    definitions: readonly AnyArgument[] | undefined,
    coordinate?: string,
  ) => {
    for (const node of nodes ?? []) {
      if (coordinate && answeredPerItem.has(`${coordinate}.${node.name.value}`)) continue;
      const definition = definitions?.find((candidate) => candidate.name === node.name.value);
      checkLiteral(node.value, definition?.type, { parent: null, key: node.name.value }, variable);
    }
  };
  const checkDirectives = (node: { directives?: readonly { name: { value: string }; arguments?: readonly any[] }[] }) => {
    for (const directive of node.directives ?? []) {
      checkArguments(directive.arguments, types.getDirective(directive.name.value)?.args);
    }
  };
  const checkSelections = (selectionSet: SelectionSetNode | undefined, parent: AnyType | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      checkDirectives(selection);
      if (selection.kind === Kind.FIELD) {
        const field = named(parent)?.getFields?.()[selection.name.value];
        checkArguments(selection.arguments, field?.args, `${named(parent)?.name}.${selection.name.value}`);
        checkSelections(selection.selectionSet, named(field?.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && types.getType(selection.typeCondition.name.value);
        checkSelections(selection.selectionSet, condition ?? parent);
      }
      // A fragment spread's fragment is checked once, on its own, below.
    }
  };
  try {
    for (const definition of document.definitions) {
      if (definition === operation) {
        checkDirectives(definition);
        checkSelections(definition.selectionSet, types.getRootType(definition.operation) ?? undefined);
      } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        checkDirectives(definition);
        checkSelections(definition.selectionSet, types.getType(definition.typeCondition.name.value) ?? undefined);
      }
    }
  } catch (error) {
    if (error instanceof Refused) return refusal(error.message, spelled(error.path));
    throw error;
  }
  return null;
}

/**
 * Apollo Server plugin: refuses the request (400 BAD_USER_INPUT with the field) before it runs when
 * findRefusedInput finds anything. In the gateway, so the client learns the field; in every
 * subgraph too, since each must hold its own limits. `answeredPerItem` names batch arguments
 * (`Mutation.logVisits.inputs`) whose items the resolver checks and answers one by one: one
 * unstorable item in a phone's queue must not cost the others.
 */
export function refuseUnstorableInput<Context extends BaseContext>(
  options: { answeredPerItem?: readonly string[] } = {},
): ApolloServerPlugin<Context> {
  const answeredPerItem = new Set(options.answeredPerItem);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const refused = findRefusedInput(schema, document, operation, request.variables, answeredPerItem);
          if (refused) throw refused;
        },
      };
    },
  };
}
