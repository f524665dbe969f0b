import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { Em } from './orm.js';
import { onQuery } from './sql-counter.js';

/**
 * Runs a hand-written statement with PostgreSQL's own parameters (`$1`, `$2`, …) as a named prepared statement.
 *
 * MikroORM sends every statement as text with its values written in, so PostgreSQL parses and plans each one anew;
 * for the hot list pages that planning was 1.1–1.4 ms of every request (issue 18). A named statement is parsed once
 * per connection, and after five executions PostgreSQL keeps a generic plan when it costs no more than a custom one.
 * The name is a hash of the text, so one text is one statement on every connection and a different text can never
 * reuse a name. Use it for statements whose text has a bounded number of shapes (values always as parameters).
 *
 * Inside a transaction, or on PGlite, the statement runs on the EntityManager's own connection, still with
 * parameters but unnamed. Rows come back parsed as MikroORM parses them (the same pool, the same type parsers).
 */
export async function queryPrepared<Row>(em: Em, text: string, values: readonly unknown[]): Promise<Row[]> {
  onQuery(text);
  const connection = em.getConnection();
  const transaction = em.getTransactionContext();
  if (!transaction && connection instanceof PostgreSqlConnection) {
    const pool = (await connection.getNativeClient()) as Pool;
    const result = await pool.query({ name: statementName(text), text, values: [...values] });
    return result.rows as Row[];
  }
  const client = (transaction ?? connection.getClient()) as {
    executeQuery(query: CompiledQuery): Promise<{ rows: unknown[] }>;
  };
  const result = await client.executeQuery(CompiledQuery.raw(text, [...values]));
  return result.rows as Row[];
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size >= 10_000) names.clear(); // a guard only: the shapes are few
    names.set(text, name);
  }
  return name;
}
