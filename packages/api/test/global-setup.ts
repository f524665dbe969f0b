import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/db/orm.js';
import { initORM } from '../src/orm.js';
import { adminUrl, templateDatabaseName, testDatabaseUrl } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Prepares one migrated template database on the real PostgreSQL server; every test file clones it
 * (CREATE DATABASE ... TEMPLATE), which takes milliseconds instead of re-running migrations.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No PostgreSQL server at ${testDatabaseUrl()} (${reason}). Start one (e.g. \`pg_ctlcluster 15 main start\`) or set TEST_DATABASE_URL=postgres://user@host:port/db.`,
    );
  }
  const template = templateDatabaseName();
  await client.query(`drop database if exists "${template}"`);
  await client.query(`create database "${template}"`);
  const orm = await initORM({ databaseUrl: adminUrl(template) });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  project.provide('templateDatabase', template);
  return async () => {
    await client.query(`drop database if exists "${template}" with (force)`);
    await client.end();
  };
}
