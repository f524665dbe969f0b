import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';

/** The admin panel's built files under /admin/ (a single-page app), and / redirecting there. */
export function serveAdmin(app: Express, config: Config, logger: Logger): void {
  const adminDist = config.ADMIN_DIST ?? join(import.meta.dirname, '../../../admin/dist');
  if (existsSync(join(adminDist, 'index.html'))) {
    app.use('/admin', express.static(adminDist, { index: false, maxAge: '1h' }));
    // The panel is a single-page app: every other /admin/ path gets index.html.
    app.get(['/admin', '/admin/{*rest}'], (req, res) => {
      if (!req.originalUrl.startsWith('/admin/')) return res.redirect(301, '/admin/');
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(join(adminDist, 'index.html'));
    });
  } else {
    logger.warn({ adminDist }, 'admin panel is not built; /admin/ is not served');
  }
  app.get('/', (_req, res) => res.redirect(302, '/admin/'));
}
