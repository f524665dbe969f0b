import { validateSync, type ValidationError } from 'class-validator';
import {
  GraphQLError,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLString,
  GraphQLID,
  Kind,
  TypeInfo,
  typeFromAST,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  isSpecifiedScalarType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type GraphQLType,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { fieldExtensions } from './errors.js';
import { fieldRule, fieldsChecksOf, type FieldRule } from './field-rules.js';
import type { Locale } from './locale.js';
import { isUuid } from './ids.js';

/**
 * The one input boundary, for both transports (HTTP through Apollo, graphql-ws in onSubscribe): after an operation
 * is parsed and validated and before it runs, every argument value is walked by its declared type, whether written
 * inline or passed in a variable, so both forms meet the same rules, in one pass:
 * - every string is well-formed Unicode without NUL (PostgreSQL cannot store either);
 * - every custom scalar value (money, dates, instants) is parsed by the scalar itself, so its refusal becomes a field
 *   error with the field's path instead of a bare coercion message;
 * - every `ID` is a UUID, the only kind of id this API gives out (see `checkId`);
 * - every variable's value has its declared type (graphql-js's coercion, as a rule with the field's path);
 * - the rules declared on every input type and `@ArgsType` class (class-validator: `TextLength`, `HasFormat`,
 *   `AmountAtLeast`, sizes, counts and the class-level rules between fields) hold. type-graphql's own validation is
 *   off (src/schema.ts), so this is the only place they are checked.
 * Every problem is reported at the argument path as the client wrote it: `input.amount`, `input.attachmentIds.3`,
 * `number` (an argument, inline or through a variable `$n`). The first problem of a path wins.
 */
export function checkOperationInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): Record<string, FieldRule> {
  const problems: Record<string, FieldRule> = {};
  const report = (path: string, rule: FieldRule) => {
    problems[path] ??= rule;
  };
  const values = variables ?? {};
  const plan = planOf(schema, document, operationName);
  for (const site of plan.fields)
    for (const argument of site.arguments) walkLiteral(argument.value, argument.type, argument.name, values, report);
  const coerced = coerceVariables(schema, plan, values, report);
  const classes = classesOf(schema);
  for (const site of plan.fields) {
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(site.field, site.node, coerced);
    } catch {
      continue; // an argument graphql-js cannot coerce: already reported above, by the walk or the coercion
    }
    for (const ArgsClass of classes.argsOf.get(site.key) ?? []) validateInstance(ArgsClass, args, '', report);
    for (const argument of site.field.args)
      validateDeclared(args[argument.name], argument.type, argument.name, classes, report);
  }
  return problems;
}

/**
 * The boundary on a transport: `check` answers the one BAD_USER_INPUT error for an operation, or null. Call it after
 * validation succeeded, and also when validation failed (a scalar written inline that its parser refuses fails
 * validation; the boundary then answers with field paths instead).
 */
export function checkInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  locale: Locale,
): GraphQLError | null {
  const problems = checkOperationInput(schema, document, operationName, variables);
  return Object.keys(problems).length > 0 ? inputError(problems, locale) : null;
}

/** What the boundary needs of an operation that does not depend on the variables' values; kept per document. */
type Plan = {
  /** Every field of the chosen operation (fragments included) that takes arguments. */
  fields: Array<{
    key: string;
    field: GraphQLField<unknown, unknown>;
    node: FieldNode;
    arguments: Array<{ name: string; type: GraphQLInputType; value: ValueNode }>;
  }>;
  definitions: readonly VariableDefinitionNode[];
  /** Each variable's first use, as the argument path the client wrote (`$n` in `number: $n` is `number`). */
  variablePaths: Map<string, string>;
};

const plans = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Plan>>>();

function planOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Plan {
  let bySchema = plans.get(schema);
  if (!bySchema) plans.set(schema, (bySchema = new WeakMap()));
  let byName = bySchema.get(document);
  if (!byName) bySchema.set(document, (byName = new Map()));
  const cached = byName.get(operationName ?? '');
  if (cached) return cached;
  const plan: Plan = {
    fields: [],
    definitions: getOperationAST(document, operationName ?? undefined)?.variableDefinitions ?? [],
    variablePaths: new Map(),
  };
  const typeInfo = new TypeInfo(schema);
  let inChosenOperation = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: {
        enter(node) {
          inChosenOperation = !operationName || node.name?.value === operationName;
          if (!inChosenOperation) return false;
          return undefined;
        },
      },
      VariableDefinition: () => false,
      Field(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!field || !parent || !inChosenOperation || !node.arguments?.length) return;
        const site = {
          key: `${parent.name}.${field.name}`,
          field,
          node,
          arguments: [] as Plan['fields'][0]['arguments'],
        };
        for (const argument of node.arguments) {
          const definition = field.args.find((entry) => entry.name === argument.name.value);
          if (!definition) continue;
          site.arguments.push({ name: argument.name.value, type: definition.type, value: argument.value });
          noteVariables(argument.value, argument.name.value, plan.variablePaths);
        }
        plan.fields.push(site);
      },
    }),
  );
  byName.set(operationName ?? '', plan);
  return plan;
}

function noteVariables(node: ValueNode, path: string, paths: Map<string, string>): void {
  if (node.kind === Kind.VARIABLE) {
    if (!paths.has(node.name.value)) paths.set(node.name.value, path);
  } else if (node.kind === Kind.LIST)
    node.values.forEach((value, index) => noteVariables(value, `${path}.${index}`, paths));
  else if (node.kind === Kind.OBJECT)
    for (const field of node.fields) noteVariables(field.value, `${path}.${field.name.value}`, paths);
}

/**
 * The variables' values as graphql-js coerces them (types, enums, required values), one variable at a time, so that
 * graphql-ws refuses them exactly as Apollo does over HTTP and the other variables' rules are still checked.
 */
function coerceVariables(
  schema: GraphQLSchema,
  plan: Plan,
  variables: Record<string, unknown>,
  report: Report,
): Record<string, unknown> {
  const coerced: Record<string, unknown> = {};
  for (const definition of plan.definitions) {
    const variable = definition.variable.name.value;
    const result = getVariableValues(schema, [definition], variables, { maxErrors: 20 });
    if (!result.errors) {
      Object.assign(coerced, result.coerced);
      continue;
    }
    const declared = typeFromAST(schema, definition.type);
    const base = plan.variablePaths.get(variable) ?? variable;
    for (const error of result.errors) {
      const at = /at "[^."]*\.?([^"]*)"/.exec(error.message)?.[1];
      const unknown = /Field "(\w+)" is not defined by type/.exec(error.message)?.[1];
      const path = [base, at, unknown].filter(Boolean).join('.');
      report(path, coercionRule(error.message, declared, at));
    }
  }
  return coerced;
}

type Constructor = new () => object;
type Classes = { inputs: Map<string, Constructor>; argsOf: Map<string, Constructor[]> };
const classesBySchema = new WeakMap<GraphQLSchema, Classes>();

/**
 * The classes behind the schema's input types and plain arguments, from type-graphql's metadata: each input type's
 * class by its GraphQL name, and the `@ArgsType` classes of each field (`Mutation.startSupportChat`).
 */
function classesOf(schema: GraphQLSchema): Classes {
  const known = classesBySchema.get(schema);
  if (known) return known;
  const storage = getMetadataStorage();
  const inputs = new Map<string, Constructor>();
  for (const input of storage.inputTypes)
    if (schema.getType(input.name)) inputs.set(input.name, input.target as Constructor);
  const argsOf = new Map<string, Constructor[]>();
  const add = (parent: string | undefined, name: string, target: unknown, methodName: string) => {
    const args = storage.params
      .filter((param) => param.target === target && param.methodName === methodName && param.kind === 'args')
      .map((param) => (param as { getType: () => Constructor }).getType());
    if (parent && args.length) argsOf.set(`${parent}.${name}`, [...(argsOf.get(`${parent}.${name}`) ?? []), ...args]);
  };
  for (const query of storage.queries)
    add(schema.getQueryType()?.name, query.schemaName, query.target, query.methodName);
  for (const mutation of storage.mutations)
    add(schema.getMutationType()?.name, mutation.schemaName, mutation.target, mutation.methodName);
  for (const subscription of storage.subscriptions)
    add(schema.getSubscriptionType()?.name, subscription.schemaName, subscription.target, subscription.methodName);
  for (const resolver of storage.fieldResolvers) {
    const objectClass = resolver.getObjectType?.();
    const parent = storage.objectTypes.find((type) => type.target === objectClass)?.name;
    add(parent, resolver.schemaName, resolver.target, resolver.methodName);
  }
  const classes = { inputs, argsOf };
  classesBySchema.set(schema, classes);
  return classes;
}

/** A coerced value by its GraphQL type: every input object's class rules, down to the leaves. */
function validateDeclared(
  value: unknown,
  type: GraphQLInputType,
  path: string,
  classes: Classes,
  report: Report,
): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const item = nullable.ofType as GraphQLInputType;
    if (Array.isArray(value))
      value.forEach((entry, index) => validateDeclared(entry, item, `${path}.${index}`, classes, report));
    return;
  }
  if (!isInputObjectType(nullable) || typeof value !== 'object') return;
  const InputClass = classes.inputs.get(nullable.name);
  if (InputClass) validateInstance(InputClass, value as Record<string, unknown>, path, report);
  for (const [name, field] of Object.entries(nullable.getFields()))
    validateDeclared((value as Record<string, unknown>)[name], field.type, `${path}.${name}`, classes, report);
}

/**
 * One class's own rules (not its nested objects': `validateDeclared` reaches those with their paths), as
 * type-graphql ran them (a missing optional value skips its rules, unknown values are not refused), then the rules
 * between its fields (`FieldsRule`).
 */
function validateInstance(Target: Constructor, values: Record<string, unknown>, path: string, report: Report): void {
  const instance = Object.assign(new Target(), values);
  const errors: ValidationError[] = validateSync(instance, { skipMissingProperties: true, forbidUnknownValues: false });
  const at = (field: string) => (path && field ? `${path}.${field}` : field || path);
  for (const error of errors) {
    const rule = fieldRule.fromValidation(error);
    if (rule) report(at(error.property), rule);
  }
  for (const check of fieldsChecksOf(Target))
    for (const [field, rule] of Object.entries(check(instance) ?? {})) report(at(field), rule);
}

/** graphql-js's refusal of a variable's value, as a rule: missing, an unknown field, or a value of the wrong type. */
function coercionRule(message: string, declared: GraphQLType | undefined, at: string | undefined): FieldRule {
  if (/was not provided|must not be null/.test(message)) return { rule: 'required' };
  if (/is not defined by type/.test(message)) return { rule: 'unknownField' };
  let type: GraphQLType | undefined = declared;
  for (const step of at ? at.split('.') : []) {
    const nullable: GraphQLType | undefined = type ? getNullableType(type) : undefined;
    if (nullable && isListType(nullable)) type = nullable.ofType as GraphQLType;
    else if (nullable && isInputObjectType(nullable)) type = nullable.getFields()[step]?.type;
    else type = undefined;
  }
  return { rule: 'type', type: type ? String(type) : 'unknown' };
}

/** The BAD_USER_INPUT error for a set of problems, with its field messages in the reader's language. */
export function inputError(problems: Record<string, FieldRule>, locale: Locale): GraphQLError {
  const extensions = fieldExtensions(problems);
  const fieldErrors = extensions['fieldErrors'] as Array<{ field: string } & FieldRule>;
  const fields = Object.fromEntries(fieldErrors.map((error) => [error.field, fieldRule.message(error, locale)]));
  const paths = Object.keys(problems).join(', ');
  return new GraphQLError(locale === 'ru' ? `Проверьте поля: ${paths}` : `The input is invalid: ${paths}`, {
    extensions: { code: 'BAD_USER_INPUT', ...extensions, fields },
  });
}

type Report = (path: string, rule: FieldRule) => void;

function walkLiteral(
  node: ValueNode,
  type: GraphQLInputType,
  path: string,
  variables: Record<string, unknown>,
  report: Report,
): void {
  if (node.kind === Kind.VARIABLE) {
    walkValue(variables[node.name.value], type, path, report);
    return;
  }
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const item = nullable.ofType as GraphQLInputType;
    if (node.kind === Kind.LIST)
      node.values.forEach((value, index) => walkLiteral(value, item, `${path}.${index}`, variables, report));
    else walkLiteral(node, item, path, variables, report);
    return;
  }
  if (isInputObjectType(nullable)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = nullable.getFields();
    for (const field of node.fields) {
      const definition = fields[field.name.value];
      if (definition) walkLiteral(field.value, definition.type, `${path}.${field.name.value}`, variables, report);
    }
    return;
  }
  if (!isScalarType(nullable)) return;
  if (nullable === GraphQLString) {
    if (node.kind === Kind.STRING) checkText(node.value, path, report);
    return;
  }
  if (nullable === GraphQLID) {
    if (node.kind === Kind.STRING || node.kind === Kind.INT) checkId(node.value, path, report);
    return;
  }
  if (isSpecifiedScalarType(nullable)) return;
  try {
    nullable.parseLiteral(node, variables);
  } catch (error) {
    report(path, ruleOf(error, nullable));
  }
}

function ruleOf(error: unknown, type: GraphQLInputType): FieldRule {
  const rule = error instanceof GraphQLError ? (error.extensions['fieldRule'] as FieldRule | undefined) : undefined;
  return rule ?? { rule: 'type', type: String(getNullableType(type)) };
}

function walkValue(value: unknown, type: GraphQLInputType, path: string, report: Report): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const item = nullable.ofType as GraphQLInputType;
    if (Array.isArray(value)) value.forEach((entry, index) => walkValue(entry, item, `${path}.${index}`, report));
    else walkValue(value, item, path, report);
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return;
    const fields = nullable.getFields();
    for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
      const definition = fields[name];
      if (definition) walkValue(entry, definition.type, `${path}.${name}`, report);
    }
    return;
  }
  if (!isScalarType(nullable)) return;
  if (nullable === GraphQLString) {
    if (typeof value === 'string') checkText(value, path, report);
    return;
  }
  if (nullable === GraphQLID) {
    if (typeof value === 'string' || typeof value === 'number') checkId(String(value), path, report);
    return;
  }
  if (isSpecifiedScalarType(nullable)) return;
  try {
    nullable.parseValue(value);
  } catch (error) {
    report(path, ruleOf(error, nullable));
  }
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every id this API gives out is a UUID (UUIDv7 for new records), so an `ID` argument or field, inline or in a
 * variable, is one: anything else is refused here with the field's path (`format: id`), never looked up. (Keyset
 * cursors are the `Cursor` scalar, which checks itself.)
 */
function checkId(value: string, path: string, report: Report): void {
  if (isUuid(value)) return;
  report(path, { rule: 'format', format: 'id' });
}

function checkText(value: string, path: string, report: Report): void {
  if (value.includes('\u0000')) report(path, { rule: 'noNullCharacter' });
  else if (LONE_SURROGATE.test(value)) report(path, { rule: 'wellFormedUnicode' });
}
