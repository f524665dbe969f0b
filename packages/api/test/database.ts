import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testDatabaseUrl = (): string =>
  process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server URL with another database name. */
export function adminUrl(database?: string): string {
  const url = new URL(testDatabaseUrl());
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

export const templateDatabaseName = (): string => `support_test_tpl_${process.pid}`;

/** Creates a fresh database cloned from the migrated template; returns its URL and a function that drops it. */
export async function createTestDatabase(template: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `support_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`create database "${name}" template "${template}"`);
  } finally {
    await client.end();
  }
  return {
    url: adminUrl(name),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl() });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
