import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const MAX = 2n ** 63n - 1n;

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) return BigInt(value);
  throw new GraphQLError('Amounts are whole numbers of kopecks, as an integer or a string of digits', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * 64-bit integers (money in kopecks): accepted as a JSON integer or a string of digits, always sent as a string,
 * so no client ever rounds money through a float.
 */
export const BigIntScalar = new GraphQLScalarType<bigint, string>({
  name: 'BigInt',
  description: 'A 64-bit integer (money: kopecks). Sent as a string; accepted as a string or an integer.',
  serialize: (value) => toBigInt(value).toString(),
  parseValue: (value) => {
    const parsed = toBigInt(value);
    if (parsed > MAX || parsed < -MAX)
      throw new GraphQLError('Out of range', { extensions: { code: 'BAD_USER_INPUT' } });
    return parsed;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT && ast.kind !== Kind.STRING) {
      throw new GraphQLError('Amounts are whole numbers of kopecks', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return toBigInt(ast.value);
  },
});

/** 123456n kopecks → "1 234,56 ₽" (Russian formatting). */
export function formatRubles(kopecks: bigint): string {
  const negative = kopecks < 0n;
  const abs = negative ? -kopecks : kopecks;
  const rubles = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '−' : ''}${rubles},${cents}\u00a0₽`;
}
