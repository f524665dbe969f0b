// Exits non-zero with one clear line when the PostgreSQL server for the integration tests is not reachable.
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.query('select 1');
  await client.end();
} catch (error) {
  const shown = url.replace(/\/\/[^@/]*@/, '//***@');
  console.error(
    `scripts/test: no PostgreSQL server reachable at ${shown} (${error.message}). ` +
      'Start one (on these machines: pg_ctlcluster --skip-systemctl-redirect 15 main start) or set TEST_DATABASE_URL.',
  );
  process.exit(3);
}
