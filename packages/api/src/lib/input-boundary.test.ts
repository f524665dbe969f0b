import {
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkInput, checkOperationInput } from './input-boundary.js';
import { BigIntScalar, LocalDateScalar } from './scalars.js';

const NoteInput = new GraphQLInputObjectType({
  name: 'NoteInput',
  fields: {
    text: { type: new GraphQLNonNull(GraphQLString) },
    tags: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
    amount: { type: BigIntScalar },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      note: {
        type: GraphQLString,
        args: {
          input: { type: new GraphQLNonNull(NoteInput) },
          id: { type: GraphQLID },
          on: { type: LocalDateScalar },
        },
      },
    },
  }),
});
const check = (query: string, variables?: Record<string, unknown>) =>
  checkOperationInput(schema, parse(query), undefined, variables);

describe('the input boundary', () => {
  it('finds NUL and lone surrogates inline and in variables, at the same field path', () => {
    expect(check('{ note(input: { text: "a\\u0000b", tags: ["ok", "\\u0000"] }) }')).toEqual({
      'input.text': { rule: 'noNullCharacter' },
      'input.tags.1': { rule: 'noNullCharacter' },
    });
    expect(
      check(
        'query($t: String!, $tags: [String!]) { note(input: { text: $t, tags: $tags }, id: "01890a5d-ac96-774b-bcce-b302099a8057") }',
        {
          t: 'a\u0000b',
          tags: ['ok', 'ab\ud800cd'],
        },
      ),
    ).toEqual({ 'input.text': { rule: 'noNullCharacter' }, 'input.tags.1': { rule: 'wellFormedUnicode' } });
    expect(check('query($input: NoteInput!) { note(input: $input) }', { input: { text: '\udc00' } })).toEqual({
      'input.text': { rule: 'wellFormedUnicode' },
    });
  });

  it('accepts well-formed text, emoji included', () => {
    expect(check('query($t: String!) { note(input: { text: $t }) }', { t: 'привет 👋 \u{1F600}' })).toEqual({});
  });

  it('gives a scalar’s refusal the field path, inline and in a variable alike', () => {
    const rule = { rule: 'range', min: '-1000000000000', max: '1000000000000' };
    expect(check('{ note(input: { text: "a", amount: "9223372036854775807" }) }')).toEqual({ 'input.amount': rule });
    expect(check('query($a: BigInt) { note(input: { text: "a", amount: $a }) }', { a: '9223372036854775807' })).toEqual(
      { 'input.amount': rule },
    );
    expect(check('query($on: LocalDate) { note(input: { text: "a" }, on: $on) }', { on: '0000-01-01' })).toEqual({
      on: { rule: 'range', min: '1900-01-01', max: '2999-12-31' },
    });
  });

  it('answers every problem at once as BAD_USER_INPUT, with messages in the reader’s language', () => {
    const error = checkInput(
      schema,
      parse('{ note(input: { text: "\\u0000", amount: "1.5" }) }'),
      undefined,
      undefined,
      'ru',
    );
    expect(error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        { field: 'input.text', rule: 'noNullCharacter' },
        { field: 'input.amount', rule: 'format', format: 'kopecks' },
      ],
      fields: {
        'input.text': 'не должно содержать символ NUL (U+0000)',
        'input.amount': 'нужно: целое число копеек цифрами',
      },
    });
  });

  it('refuses an id that is not one this API gives out, inline and in a variable alike, naming cursors as such', () => {
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    expect(check(`{ note(input: { text: "a" }, id: "${id}") }`)).toEqual({});
    expect(check('query($id: ID) { note(input: { text: "a" }, id: $id) }', { id })).toEqual({});
    for (const bad of ['"x"', '1', '"1 or 1=1"', `"${id}x"`]) {
      expect(check(`{ note(input: { text: "a" }, id: ${bad}) }`)).toEqual({ id: { rule: 'format', format: 'id' } });
    }
    for (const bad of ['x', 1, '', `${id} `]) {
      expect(check('query($id: ID) { note(input: { text: "a" }, id: $id) }', { id: bad })).toEqual({
        id: { rule: 'format', format: 'id' },
      });
    }
  });

  it('names the rule of a variable graphql-js cannot coerce: missing, an unknown field, or the wrong type', () => {
    const error = checkInput(
      schema,
      parse('query($input: NoteInput!) { note(input: $input) }'),
      undefined,
      { input: { text: 5, tags: 'ok', bogus: 1 } },
      'en',
    );
    expect(error?.extensions['fieldErrors']).toEqual(
      expect.arrayContaining([
        { field: 'input.text', rule: 'type', type: 'String!' },
        { field: 'input.bogus', rule: 'unknownField' },
      ]),
    );
    const missing = checkInput(schema, parse('query($input: NoteInput!) { note(input: $input) }'), undefined, {}, 'en');
    expect(missing?.extensions['fieldErrors']).toEqual([{ field: 'input', rule: 'required' }]);
  });
});
