import { GraphQLDateTimeISO } from 'graphql-scalars';
import { buildSchema, graphql, GraphQLError, GraphQLScalarType, parseValue, type ValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BigIntScalar, DateTimeScalar, LocalDateScalar, MONEY_MAX } from './scalars.js';

/** Parses a value both ways a client can send it: inline in the query and as a JSON variable. */
function bothForms(scalar: GraphQLScalarType, literal: string, variable: unknown) {
  const outcome = (parse: () => unknown) => {
    try {
      return { value: parse() };
    } catch (error) {
      return { rule: (error as GraphQLError).extensions['fieldRule'] };
    }
  };
  return {
    literal: outcome(() => scalar.parseLiteral(parseValue(literal) as ValueNode, {})),
    variable: outcome(() => scalar.parseValue(variable)),
  };
}

describe('BigInt (kopecks)', () => {
  it.each([
    ['"0"', '0', 0n],
    ['"1000000000000"', '1000000000000', MONEY_MAX],
    ['1000000000000', 1_000_000_000_000, MONEY_MAX],
    ['"-1000000000000"', '-1000000000000', -MONEY_MAX],
    ['42', 42, 42n],
  ])('accepts %s inline and as a variable alike', (literal, variable, expected) => {
    expect(bothForms(BigIntScalar, literal, variable)).toEqual({
      literal: { value: expected },
      variable: { value: expected },
    });
  });

  it.each([
    ['"1000000000001"', '1000000000001'],
    ['"9999999999999999999"', '9999999999999999999'],
    ['"9223372036854775807"', '9223372036854775807'],
    ['"-1000000000001"', '-1000000000001'],
    ['99999999999999999999999', '99999999999999999999999'],
  ])('refuses %s beyond the money maximum, inline and as a variable alike, naming the range', (literal, variable) => {
    const rule = { rule: 'range', min: '-1000000000000', max: '1000000000000' };
    expect(bothForms(BigIntScalar, literal, variable)).toEqual({ literal: { rule }, variable: { rule } });
  });

  it.each([
    ['"12.5"', '12.5'],
    ['12.5', 12.5],
    ['"1e3"', '1e3'],
    ['""', ''],
    ['" 1"', ' 1'],
    ['true', true],
    ['"0x10"', '0x10'],
  ])('refuses %s, which is not whole kopecks, the same both ways', (literal, variable) => {
    const rule = { rule: 'format', format: 'kopecks' };
    expect(bothForms(BigIntScalar, literal, variable)).toEqual({ literal: { rule }, variable: { rule } });
  });

  it('refuses an integer beyond the safe range as a JSON number (it was already rounded)', () => {
    expect(bothForms(BigIntScalar, '1', 2 ** 60).variable).toEqual({ rule: { rule: 'format', format: 'kopecks' } });
  });

  it('sends any stored balance as a string, however large', () => {
    expect(BigIntScalar.serialize(2n ** 62n)).toBe('4611686018427387904');
  });
});

describe('LocalDate', () => {
  it.each(['1900-01-01', '2026-02-28', '2028-02-29', '2999-12-31'])('accepts %s both ways', (date) => {
    expect(bothForms(LocalDateScalar, `"${date}"`, date)).toEqual({
      literal: { value: date },
      variable: { value: date },
    });
  });

  it.each(['0000-01-01', '1899-12-31', '3000-01-01', '9999-12-31'])('refuses %s outside 1900–2999', (date) => {
    const rule = { rule: 'range', min: '1900-01-01', max: '2999-12-31' };
    expect(bothForms(LocalDateScalar, `"${date}"`, date)).toEqual({ literal: { rule }, variable: { rule } });
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-1', '20260101', '+02026-01-01', 'x'])(
    'refuses %s, not a date',
    (date) => {
      const rule = { rule: 'format', format: 'date' };
      expect(bothForms(LocalDateScalar, JSON.stringify(date), date)).toEqual({ literal: { rule }, variable: { rule } });
    },
  );

  it('refuses a number the same both ways', () => {
    const rule = { rule: 'format', format: 'date' };
    expect(bothForms(LocalDateScalar, '20260101', 20260101)).toEqual({ literal: { rule }, variable: { rule } });
  });
});

describe('DateTimeISO', () => {
  it.each(['1900-01-01T00:00:00Z', '2026-06-01T12:30:00+03:00', '2999-12-31T23:59:59.999Z'])(
    'accepts %s both ways',
    (instant) => {
      const value = new Date(instant);
      expect(bothForms(DateTimeScalar, `"${instant}"`, instant)).toEqual({ literal: { value }, variable: { value } });
    },
  );

  it.each(['0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '3000-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])(
    'refuses %s outside 1900–2999',
    (instant) => {
      const rule = { rule: 'range', min: '1900-01-01T00:00:00.000Z', max: '2999-12-31T23:59:59.999Z' };
      expect(bothForms(DateTimeScalar, `"${instant}"`, instant)).toEqual({ literal: { rule }, variable: { rule } });
    },
  );

  it('sends instants in UTC with milliseconds, as graphql-scalars does, and refuses what is not one', () => {
    for (const instant of ['2026-06-01T12:30:00+03:00', '1970-01-01T00:00:00Z', '2999-12-31T23:59:59.999Z']) {
      const date = new Date(instant);
      expect(DateTimeScalar.serialize(date)).toBe(date.toISOString());
      expect(DateTimeScalar.serialize(date)).toBe(GraphQLDateTimeISO.serialize(date));
    }
    expect(DateTimeScalar.serialize('2026-06-01T12:30:00+03:00')).toBe('2026-06-01T09:30:00.000Z');
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow();
    expect(() => DateTimeScalar.serialize('yesterday')).toThrow();
  });

  it.each(['2026-02-30T00:00:00Z', '2026-01-01', 'yesterday', '2026-01-01T25:00:00Z', ''])(
    'refuses %s, not an instant with a zone',
    (instant) => {
      const rule = { rule: 'format', format: 'dateTime' };
      expect(bothForms(DateTimeScalar, JSON.stringify(instant), instant)).toEqual({
        literal: { rule },
        variable: { rule },
      });
    },
  );
});

describe('scalars inside a schema', () => {
  const schema = buildSchema('scalar BigInt type Query { echo(amount: BigInt!): String }');
  Object.assign(schema.getType('BigInt')!, {
    parseValue: BigIntScalar.parseValue,
    parseLiteral: BigIntScalar.parseLiteral,
  });

  it('refuses the same amount inline as in a variable', async () => {
    const inline = await graphql({ schema, source: '{ echo(amount: "9999999999999999999") }' });
    const variable = await graphql({
      schema,
      source: 'query($a: BigInt!) { echo(amount: $a) }',
      variableValues: { a: '9999999999999999999' },
    });
    expect(inline.errors?.length).toBe(1);
    expect(variable.errors?.length).toBe(1);
  });
});
