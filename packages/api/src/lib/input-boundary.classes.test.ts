import 'reflect-metadata';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { parse } from 'graphql';
import { Arg, Args, ArgsType, buildSchema, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { FieldsRule, HasFormat, TextLength, type FieldRule } from './field-rules.js';
import { checkInput, checkOperationInput } from './input-boundary.js';

@InputType()
class SlotInput {
  @Field(() => String)
  @HasFormat('time', /^\d\d:\d\d$/)
  opens!: string;

  @Field(() => String)
  @HasFormat('time', /^\d\d:\d\d$/)
  closes!: string;
}

@InputType()
@FieldsRule<NoteInput>((input): Record<string, FieldRule> | undefined =>
  input.until && !input.from ? { from: { rule: 'requiredWith', other: 'until' } } : undefined,
)
class NoteInput {
  @Field(() => String)
  @TextLength(3, 20)
  title!: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(2)
  ids?: string[] | null;

  @Field(() => [SlotInput], { nullable: true })
  @IsOptional()
  slots?: SlotInput[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @TextLength(0, 10)
  from?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @TextLength(0, 10)
  until?: string | null;
}

@ArgsType()
class LookupArgs {
  @Field(() => String)
  @TextLength(1, 5)
  number!: string;
}

@Resolver()
class NoteResolver {
  @Query(() => String)
  lookup(@Args(() => LookupArgs) { number }: LookupArgs): string {
    return number;
  }

  @Mutation(() => String)
  note(@Arg('input', () => NoteInput) input: NoteInput): string {
    return input.title;
  }
}

const schema = await buildSchema({ resolvers: [NoteResolver], validate: false });
const ID_1 = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('the input boundary with the declared rules of the classes', () => {
  it('answers every shape problem of a request at once, each at the argument path as written', () => {
    const problems = checkOperationInput(
      schema,
      parse('mutation($input: NoteInput!) { note(input: $input) }'),
      undefined,
      {
        input: {
          title: 'ab',
          ids: ['x', ID_1, ID_1],
          slots: [
            { opens: '09:00', closes: '18:00' },
            { opens: 'a\u0000', closes: '9' },
          ],
          until: '2026',
        },
      },
    );
    expect(problems).toEqual({
      'input.ids.0': { rule: 'format', format: 'id' },
      'input.slots.1.opens': { rule: 'noNullCharacter' },
      'input.title': { rule: 'minLength', min: 3 },
      'input.ids': { rule: 'maxItems', max: 2 },
      'input.from': { rule: 'requiredWith', other: 'until' },
      'input.slots.1.closes': { rule: 'format', format: 'time' },
    });
  });

  it('checks an inline value as it checks the same value in a variable', () => {
    const inline = checkOperationInput(
      schema,
      parse('mutation { note(input: { title: "ab", slots: [{ opens: "9", closes: "18:00" }] }) }'),
      undefined,
      undefined,
    );
    const variable = checkOperationInput(
      schema,
      parse('mutation($s: [SlotInput!]) { note(input: { title: "ab", slots: $s }) }'),
      undefined,
      { s: [{ opens: '9', closes: '18:00' }] },
    );
    const expected = {
      'input.title': { rule: 'minLength', min: 3 },
      'input.slots.0.opens': { rule: 'format', format: 'time' },
    };
    expect(inline).toEqual(expected);
    expect(variable).toEqual(expected);
  });

  it('runs an @ArgsType’s rules and names a variable’s problems at the argument where it is used', () => {
    const document = parse('query($n: String!) { lookup(number: $n) }');
    expect(checkOperationInput(schema, document, undefined, { n: 'T-2026-1' })).toEqual({
      number: { rule: 'maxLength', max: 5 },
    });
    expect(checkOperationInput(schema, document, undefined, { n: 5 })).toEqual({
      number: { rule: 'type', type: 'String!' },
    });
    // The same parsed document again (its plan is kept): only the values decide.
    expect(checkOperationInput(schema, document, undefined, { n: 'T-1' })).toEqual({});
  });

  it('answers as one BAD_USER_INPUT with the messages in the reader’s language', () => {
    const document = parse('query($n: String!) { lookup(number: $n) }');
    expect(checkInput(schema, document, undefined, { n: 'T-2026-1' }, 'ru')?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'number', rule: 'maxLength', max: 5 }],
      fields: { number: 'не длиннее 5 симв.' },
    });
    expect(checkInput(schema, document, undefined, { n: '   ' }, 'en')?.extensions).toMatchObject({
      fields: { number: 'required' },
    });
  });
});
