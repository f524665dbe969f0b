import {
  GraphQLError,
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
  type GraphQLInputType,
  type GraphQLSchema,
  type GraphQLType,
  type ValueNode,
} from 'graphql';
import { fieldExtensions } from './errors.js';
import { fieldRule, type FieldRule } from './field-rules.js';
import type { Locale } from './locale.js';
import { isUuid } from './ids.js';

/**
 * The one input boundary, for both transports (HTTP through Apollo, graphql-ws in onSubscribe): after an operation
 * is parsed and validated and before it runs, every argument value is walked by its declared type, whether written
 * inline or passed in a variable, so both forms meet the same rules:
 * - every string is well-formed Unicode without NUL (PostgreSQL cannot store either);
 * - every custom scalar value (money, dates, instants) is parsed by the scalar itself, so its refusal becomes a field
 *   error with the field's path instead of a bare coercion message;
 * - every `ID` is a UUID, the only kind of id this API gives out (see `checkId`).
 * All problems come back at once, as one BAD_USER_INPUT with `fields` and `fieldErrors`.
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
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument || !inChosenOperation) return;
        walkLiteral(node.value, argument.type, node.name.value, variables ?? {}, report);
      },
    }),
  );
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
  if (Object.keys(problems).length > 0) return inputError(problems, locale);
  // Then the variables' shape as graphql-js coerces them (types, enums, required values), so that graphql-ws
  // refuses them exactly as Apollo does over HTTP: BAD_USER_INPUT, never an unexplained execution failure.
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return null;
  const definitions = operation.variableDefinitions ?? [];
  const coerced = getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 20 });
  if (!coerced.errors) return null;
  const shapes = Object.fromEntries(
    coerced.errors.map((error, index) => {
      const variable = /Variable "\$(\w+)"/.exec(error.message)?.[1] ?? `variables.${index}`;
      const at = /at "[^."]*\.?([^"]*)"/.exec(error.message)?.[1];
      const definition = definitions.find((entry) => entry.variable.name.value === variable);
      const declared = definition ? typeFromAST(schema, definition.type) : undefined;
      const unknown = /Field "(\w+)" is not defined by type/.exec(error.message)?.[1];
      const path = [variable, at, unknown].filter(Boolean).join('.');
      return [path, coercionRule(error.message, declared, at)];
    }),
  );
  return inputError(shapes, locale);
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
 * variable, is one: anything else is refused here with the field's path (`format: id`, or `format: cursor` for the
 * keyset cursors `after` and `before`), never looked up.
 */
function checkId(value: string, path: string, report: Report): void {
  if (isUuid(value)) return;
  report(path, { rule: 'format', format: /(^|\.)(after|before)$/.test(path) ? 'cursor' : 'id' });
}

function checkText(value: string, path: string, report: Report): void {
  if (value.includes('\u0000')) report(path, { rule: 'noNullCharacter' });
  else if (LONE_SURROGATE.test(value)) report(path, { rule: 'wellFormedUnicode' });
}
