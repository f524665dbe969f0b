import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import S3rver from 's3rver';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTicketDocument, SupportCategoriesDocument } from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1c8c20000000049454e44ae426082',
  'hex',
);

let s3: S3rver;
let s3Dir: string;
let endpoint: string;
let api: TestServer;

beforeAll(async () => {
  s3Dir = await mkdtemp(join(tmpdir(), 'support-s3-'));
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: 'support-uploads', configs: [] }],
  });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  api = await startTestServer({
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: 'support-uploads',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
  });
  await seedCatalog(api.db.orm, api.config);
});
afterAll(async () => {
  await api?.close();
  await s3?.close();
  await rm(s3Dir, { recursive: true, force: true });
});

const upload = (token: string, bytes: Buffer, name: string) =>
  fetch(`${api.httpUrl}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-file-name': encodeURIComponent(name) },
    body: new Uint8Array(bytes),
  });

describe('uploads in an S3-compatible store', () => {
  it('stores the file in the bucket, attaches it, and serves it to its owner and staff only', async () => {
    const [customer, stranger, agent] = await Promise.all([
      loginAs(api, ['CUSTOMER']),
      loginAs(api, ['CUSTOMER']),
      loginAs(api, ['AGENT']),
    ]);
    const response = await upload(customer.accessToken, PNG, 'фото.png');
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    // The object is really in the bucket, under the attachment's key.
    const [row] = await api.db.orm.em
      .fork()
      .execute<Array<{ storage_key: string }>>('select storage_key from attachment where id = ?', [id]);
    const client = new AwsClient({
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      region: 'us-east-1',
      service: 's3',
    });
    const stored = await client.fetch(`${endpoint}/support-uploads/${row!.storage_key}`);
    expect(Buffer.from(await stored.arrayBuffer()).equals(PNG)).toBe(true);

    const problem = (await execute(api.graphqlUrl, SupportCategoriesDocument, {}))
      .data!.supportCategories.flatMap((c) => c.problems)
      .find((p) => p.titleEn === 'The item is faulty or damaged')!;
    const ticket = await execute(
      api.graphqlUrl,
      CreateTicketDocument,
      {
        input: {
          problemId: problem.id,
          orderNumber: '55555555-0001',
          description: 'Товар пришёл разбитым, фото прилагаю.',
          replyChannel: 'SMS',
          attachmentIds: [id],
          idempotencyKey: randomUUID(),
        },
      },
      { token: customer.accessToken },
    );
    expect(ticket.data?.createTicket.attachments.map((a) => a.id)).toEqual([id]);

    for (const [token, status] of [
      [customer.accessToken, 200],
      [agent.accessToken, 200],
      [stranger.accessToken, 404],
    ] as const) {
      const download = await fetch(`${api.httpUrl}/attachments/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(download.status).toBe(status);
      if (status === 200) {
        expect(download.headers.get('content-type')).toBe('image/png');
        expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
      }
    }
    expect((await fetch(`${api.httpUrl}/attachments/${id}`)).status).toBe(401);
  });
});
