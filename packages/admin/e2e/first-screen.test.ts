import { gzipSync } from 'node:zlib';
import { expect, inject } from 'vitest';
import { test } from './fixtures';

test('the login page needs less than 300 kB of gzipped JavaScript', async ({ page }) => {
  const scripts: Array<Promise<Buffer>> = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(response.body());
  });
  await page.goto(`${inject('baseUrl')}/admin/`, { waitUntil: 'networkidle' });
  await page.getByLabel('Номер телефона').waitFor();

  const bodies = await Promise.all(scripts);
  const gzipped = bodies.reduce((total, body) => total + gzipSync(body).length, 0);
  expect(bodies.length).toBeGreaterThan(0);
  // Printed for the notes: the margin left under the budget.
  console.info(`login page: ${bodies.length} scripts, ${(gzipped / 1000).toFixed(1)} kB gzipped`);
  expect(gzipped).toBeLessThan(300_000);
});
