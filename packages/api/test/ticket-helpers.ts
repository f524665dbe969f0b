import { randomUUID } from 'node:crypto';
import { CreateApiKeyDocument, CreateTicketDocument, SupportCategoriesDocument } from '@support/schema';
import { execute, type TestServer } from './harness.js';

/** Files a «My order is late» appeal (the demo catalog must be seeded) with the customer's token; returns its id. */
export async function fileLateOrderTicket(server: TestServer, token: string, description = 'Где мой заказ?') {
  const tree = (await execute(server.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
  const problemId = tree.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;
  const created = await execute(
    server.graphqlUrl,
    CreateTicketDocument,
    {
      input: {
        problemId,
        orderNumber: `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`,
        description,
        replyChannel: 'SMS',
        idempotencyKey: randomUUID(),
      },
    },
    { token },
  );
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  return created.data.createTicket.id;
}

/** An API key with `scopes`, made by an admin; returns its secret. */
export async function makeApiKey(server: TestServer, adminToken: string, scopes: string[]): Promise<string> {
  const made = await execute(
    server.graphqlUrl,
    CreateApiKeyDocument,
    { input: { name: `test ${randomUUID()}`, scopes } },
    { token: adminToken },
  );
  if (!made.data) throw new Error(JSON.stringify(made.errors));
  return made.data.createApiKey.secret;
}
