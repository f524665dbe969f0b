import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerInfoDocument } from '@support/schema';
import { errorCodes, execute, postRaw, startTestServer, wsClient, wsExecuteOnce, type TestServer } from './harness.js';

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api?.close();
});

describe('health and readiness', () => {
  it('answers /healthz while the process is up', async () => {
    const response = await fetch(`${api.httpUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz when the database is reachable and migrated', async () => {
    const response = await fetch(`${api.httpUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true });
  });

  it('answers unknown paths with a coded JSON 404', async () => {
    const response = await fetch(`${api.httpUrl}/nope`);
    expect(response.status).toBe(404);
    expect(errorCodes(await response.json())).toEqual(['NOT_FOUND']);
  });

  it('echoes a request id, or makes one', async () => {
    const given = await fetch(`${api.httpUrl}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const made = await fetch(`${api.httpUrl}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GraphQL over HTTP and graphql-ws', () => {
  it('answers a query over HTTP', async () => {
    const result = await execute(api.graphqlUrl, ServerInfoDocument);
    expect(result.errors).toBeUndefined();
    expect(result.data?.serverInfo.businessTimeZone).toBe('Europe/Moscow');
    expect(Date.parse(result.data?.serverInfo.serverTime ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers the same query over graphql-ws on the same path', async () => {
    const client = wsClient(api.wsUrl);
    try {
      const result = await wsExecuteOnce(client, ServerInfoDocument);
      expect(result.data?.serverInfo.version).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await client.dispose();
    }
  });
});

describe('bad requests get clean coded errors, never a 500', () => {
  it('refuses a body that is not JSON', async () => {
    const { status, body } = await postRaw(api.graphqlUrl, '{"query": ');
    expect(status).toBe(400);
    expect(errorCodes(body)).toEqual(['BAD_REQUEST']);
  });

  it('refuses a query with a syntax error', async () => {
    const { status, body } = await postRaw(api.graphqlUrl, JSON.stringify({ query: '{ serverInfo { ' }));
    expect(status).toBe(400);
    expect(errorCodes(body)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('refuses an unknown field', async () => {
    const { status, body } = await postRaw(api.graphqlUrl, JSON.stringify({ query: '{ serverInfo { password } }' }));
    expect(status).toBe(400);
    expect(errorCodes(body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(body.errors?.[0]).not.toHaveProperty('extensions.stacktrace');
  });

  it('refuses a query deeper than the limit', async () => {
    const nested = 'ofType { '.repeat(16) + 'name' + ' }'.repeat(16);
    const query = `{ __type(name: "Query") { fields { type { ${nested} } } } }`;
    const { status, body } = await postRaw(api.graphqlUrl, JSON.stringify({ query }));
    expect(status).toBe(400);
    expect(errorCodes(body)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses an over-deep query on the socket too', async () => {
    const client = wsClient(api.wsUrl);
    try {
      const nested = 'ofType { '.repeat(16) + 'name' + ' }'.repeat(16);
      const document = (await import('graphql')).parse(`{ __type(name: "Query") { fields { type { ${nested} } } } }`);
      const result = await wsExecuteOnce(client, document);
      expect(errorCodes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    } finally {
      await client.dispose();
    }
  });

  it('blocks a simple GET that a cross-site page could forge', async () => {
    const response = await fetch(`${api.graphqlUrl}?query=${encodeURIComponent('{ serverInfo { version } }')}`);
    expect(response.status).toBe(400);
    expect(errorCodes(await response.json())).toEqual(['BAD_REQUEST']);
  });

  it('refuses batched requests', async () => {
    const single = { query: '{ serverInfo { version } }' };
    const { status } = await postRaw(api.graphqlUrl, JSON.stringify([single, single]));
    expect(status).toBe(400);
  });
});

describe('production mode', () => {
  let production: TestServer;
  beforeAll(async () => {
    production = await startTestServer({ env: { NODE_ENV: 'production', AUTH_SECRET: 'p'.repeat(40) } });
  });
  afterAll(async () => {
    await production?.close();
  });

  it('refuses introspection', async () => {
    const { status, body } = await postRaw(
      production.graphqlUrl,
      JSON.stringify({ query: '{ __schema { types { name } } }' }),
    );
    expect(status).toBe(400);
    expect(errorCodes(body)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not suggest field names to a prober', async () => {
    const { body } = await postRaw(production.graphqlUrl, JSON.stringify({ query: '{ serverInfo { versio } }' }));
    expect(body.errors?.[0]?.message ?? '').not.toMatch(/Did you mean/);
  });

  it('still answers ordinary queries', async () => {
    const result = await execute(production.graphqlUrl, ServerInfoDocument);
    expect(result.data?.serverInfo.version).toBeTruthy();
  });
});

describe('graceful shutdown', () => {
  it('closes open sockets with "going away" and stops taking requests', async () => {
    const doomed = await startTestServer();
    const socket = new WebSocket(doomed.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const closed = new Promise<number>((resolve) => socket.addEventListener('close', (event) => resolve(event.code)));
    await doomed.close();
    expect(await closed).toBe(1001);
    await expect(fetch(`${doomed.httpUrl}/healthz`)).rejects.toThrow();
  });
});

describe('the admin panel', () => {
  it('is served at /admin/ as a single-page app, with its assets', async () => {
    const { mkdtemp, writeFile, mkdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dist = await mkdtemp(join(tmpdir(), 'admin-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>admin</title>');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const withAdmin = await startTestServer({ env: { ADMIN_DIST: dist } });
    try {
      const bare = await fetch(`${withAdmin.httpUrl}/admin`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/admin/');
      for (const path of ['/admin/', '/admin/tickets/42/show']) {
        const page = await fetch(`${withAdmin.httpUrl}${path}`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<title>admin</title>');
      }
      const asset = await fetch(`${withAdmin.httpUrl}/admin/assets/app.js`);
      expect(await asset.text()).toBe('console.log(1)');
    } finally {
      await withAdmin.close();
      await rm(dist, { recursive: true, force: true });
    }
  });
});
