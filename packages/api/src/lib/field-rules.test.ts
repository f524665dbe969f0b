import 'reflect-metadata';
import { IsOptional, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { AmountAtLeast, FIELD_FORMATS, FIELD_RULE_NAMES, fieldRule, HasFormat, TextLength } from './field-rules.js';

class Sample {
  @TextLength(3, 10)
  title!: string;

  @IsOptional()
  @TextLength(5, 40, { orBlank: true })
  @HasFormat('orderNumber', /^[0-9][0-9-]{3,38}[0-9]$/, { orBlank: true })
  orderNumber?: string | null;

  @AmountAtLeast(1n)
  amount!: bigint;
}

const rulesOf = (values: Partial<Sample>) => {
  const sample = Object.assign(new Sample(), { title: 'Заказ', amount: 100n }, values);
  return Object.fromEntries(validateSync(sample).map((error) => [error.property, fieldRule.fromValidation(error)]));
};

describe('limits declared on an input', () => {
  it('checks text as it is stored, trimmed: blank is required, then its length', () => {
    expect(rulesOf({})).toEqual({});
    expect(rulesOf({ title: '   ' })).toEqual({ title: { rule: 'required' } });
    expect(rulesOf({ title: '  ab  ' })).toEqual({ title: { rule: 'minLength', min: 3 } });
    expect(rulesOf({ title: `  ${'я'.repeat(10)}  ` })).toEqual({});
    expect(rulesOf({ title: 'я'.repeat(11) })).toEqual({ title: { rule: 'maxLength', max: 10 } });
  });

  it('names the length of an order number before its shape, and takes blank as absent', () => {
    expect(rulesOf({ orderNumber: '555' })).toEqual({ orderNumber: { rule: 'minLength', min: 5 } });
    expect(rulesOf({ orderNumber: '55a55' })).toEqual({ orderNumber: { rule: 'format', format: 'orderNumber' } });
    expect(rulesOf({ orderNumber: ' 12345678-0001 ' })).toEqual({});
    expect(rulesOf({ orderNumber: '  ' })).toEqual({});
    expect(rulesOf({ orderNumber: null })).toEqual({});
  });

  it('refuses an amount below its least', () => {
    expect(rulesOf({ amount: 0n })).toEqual({ amount: { rule: 'min', min: 1 } });
    expect(rulesOf({ amount: -100n })).toEqual({ amount: { rule: 'min', min: 1 } });
  });

  it('has words for every rule and format in both languages', () => {
    const limits = { min: 1, max: 2, values: ['A'], other: 'to', value: 'X', type: 'String!', roles: ['ADMIN'] };
    for (const rule of FIELD_RULE_NAMES) {
      for (const locale of ['ru', 'en'] as const) {
        const text = fieldRule.message({ rule, format: 'id', ...limits }, locale);
        expect(text, `${rule} ${locale}`).not.toMatch(/undefined|\[object/);
      }
    }
    for (const format of Object.keys(FIELD_FORMATS)) {
      expect(fieldRule.message({ rule: 'format', format }, 'ru')).toMatch(/^нужно: /);
    }
  });
});
