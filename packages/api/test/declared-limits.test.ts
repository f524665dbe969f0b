import { getMetadataStorage as validationMetadata } from 'class-validator';
import {
  getNamedType,
  GraphQLString,
  isInputObjectType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { buildApiSchema } from '../src/schema.js';

/**
 * The decorators that give a text a maximum length: `TextLength` and `HasFormat` (src/lib/field-rules.ts), or a
 * fixed list of values (`IsIn`, e.g. API key scopes).
 */
const LIMITING = new Set(['textLength', 'hasFormat', 'isIn']);
/** Paging arguments: cursors and positions are checked by their own scalar or parser, not by a length. */
const PAGING = new Set(['after', 'before']);

type Constructor = new () => object;

/** The names of the validation rules declared on a class's property (its superclasses' included). */
function rulesOf(target: Constructor, property: string): string[] {
  return validationMetadata()
    .getTargetValidationMetadatas(target, '', true, false)
    .filter((entry) => entry.propertyName === property)
    .map((entry) => entry.name ?? entry.type);
}

/** Every String argument and String input field of the schema, with the class and property that declare its rules. */
async function textInputs(): Promise<Array<{ where: string; target?: Constructor; property: string }>> {
  const schema = await buildApiSchema();
  const storage = getMetadataStorage();
  const found: Array<{ where: string; target?: Constructor; property: string }> = [];
  const isText = (entry: GraphQLArgument | GraphQLInputField) => getNamedType(entry.type) === GraphQLString;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) {
      const target = storage.inputTypes.find((input) => input.name === type.name)?.target as Constructor | undefined;
      for (const field of Object.values(type.getFields()).filter(isText))
        found.push({ where: `${type.name}.${field.name}`, target, property: field.name });
    }
    if (!isObjectType(type)) continue;
    const handlers = [
      ...(type === schema.getQueryType() ? storage.queries : []),
      ...(type === schema.getMutationType() ? storage.mutations : []),
      ...(type === schema.getSubscriptionType() ? storage.subscriptions : []),
      ...storage.fieldResolvers.filter(
        (resolver) =>
          storage.objectTypes.find((object) => object.target === resolver.getObjectType?.())?.name === type.name,
      ),
    ];
    for (const field of Object.values(type.getFields())) {
      const handler = handlers.find((entry) => entry.schemaName === field.name);
      const argsClasses = storage.params
        .filter((param) => handler && param.target === handler.target && param.methodName === handler.methodName)
        .filter((param) => param.kind === 'args')
        .map((param) => (param as { getType: () => Constructor }).getType());
      for (const argument of field.args.filter(isText).filter((entry) => !PAGING.has(entry.name))) {
        const target = argsClasses.find((candidate) => rulesOf(candidate, argument.name).length > 0);
        found.push({ where: `${type.name}.${field.name}(${argument.name})`, target, property: argument.name });
      }
    }
  }
  return found;
}

describe('declared limits', () => {
  it('gives every String argument and String input field a declared maximum (TextLength or HasFormat)', async () => {
    const inputs = await textInputs();
    expect(inputs.length).toBeGreaterThan(50);
    const unbounded = inputs
      .filter(({ target, property }) => !target || !rulesOf(target, property).some((rule) => LIMITING.has(rule)))
      .map(({ where }) => where);
    expect(unbounded).toEqual([]);
  });
});
