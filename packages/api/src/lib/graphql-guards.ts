import { ApolloArmor } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from '../config.js';

export interface GraphqlGuards {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

/**
 * Limits every operation on both transports: depth, estimated cost, aliases, directives, tokens; no field
 * suggestions and no introspection in production.
 */
export function makeGraphqlGuards(config: Config): GraphqlGuards {
  const armor = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, ignoreIntrospection: false },
    costLimit: { maxCost: config.GRAPHQL_MAX_COST, ignoreIntrospection: false },
    maxAliases: { n: 20 },
    maxDirectives: { n: 20 },
    // Token limits are set on the parser itself (server.ts), so syntax errors keep GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.isProduction },
  });
  const { validationRules, plugins } = armor.protect();
  return {
    validationRules: config.isProduction ? [...validationRules, NoSchemaIntrospectionCustomRule] : validationRules,
    // graphql-armor's typings point at Apollo's CommonJS build; the objects are the same plugins.
    plugins: plugins as unknown as ApolloServerPlugin[],
  };
}
