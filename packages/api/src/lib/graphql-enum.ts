/** A TypeScript object usable by type-graphql's registerEnumType, from a list of values (key = value). */
export const enumOf = <T extends readonly string[]>(values: T) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T[number]]: K };
