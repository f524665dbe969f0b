import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the admin, the tests and client examples, generated from the committed SDL
// (never from a running server). Operations live in documents/*.graphql, one file per domain.
// CONTRACT_OUT lets `pnpm schema:check` generate into a scratch folder and compare.
const out = process.env['CONTRACT_OUT'] ?? '.';

const clientConfig = {
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: {
    DateTimeISO: 'string',
    LocalDate: 'string',
    BigInt: 'string',
    Cursor: 'string',
    ID: 'string',
    JSONObject: 'Record<string, unknown>',
  },
  skipTypename: true,
};

const config: CodegenConfig = {
  schema: `${out}/schema.graphql`,
  documents: ['./documents/**/*.graphql'],
  ignoreNoDocuments: false,
  // ESM-style '.js' extensions on relative imports, as NodeNext resolution wants.
  importExtension: '.js',
  generates: {
    [`${out}/src/generated/`]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: clientConfig,
    },
    // The identity operations on their own (`@support/schema/identity`): what the admin's login page needs, without
    // every other document in its first screen's JavaScript.
    [`${out}/src/generated/identity/`]: {
      preset: 'client',
      documents: ['./documents/identity.graphql'],
      presetConfig: { fragmentMasking: false },
      config: clientConfig,
    },
  },
};
export default config;
