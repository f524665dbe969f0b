import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Orm } from '../../db/orm.js';
import { DomainError } from '../../lib/errors.js';
import type { ContextServices as Services } from '../../lib/context.js';
import { MAX_ATTACHMENT_BYTES } from './attachment.service.js';
import { Attachment } from './attachment.entity.js';
import { isUuid } from '../../lib/ids.js';
import { isStaff } from '../../lib/context.js';

const UPLOADS_PER_HOUR = { name: 'uploads-user', points: 200, durationSeconds: 3600 };

const fail = (res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}) =>
  res.status(status).json({ errors: [{ message, extensions: { ...extensions, code } }] });

/**
 * POST /uploads: the file's bytes as the body (any Content-Type), its name in `X-File-Name` (URI-encoded),
 * `Authorization: Bearer <token>`. Answers 201 with the attachment's id, to pass in `attachmentIds`.
 */
export function uploadRouter(orm: Orm, services: Services): Router {
  const router = express.Router();
  router.post(
    '/uploads',
    express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES + 1 }),
    async (req: Request, res: Response) => {
      let viewer;
      try {
        viewer = await services.sessions.authenticate(req.headers.authorization);
      } catch (error) {
        if (error instanceof DomainError) return fail(res, 401, error.code, error.message);
        throw error;
      }
      if (!viewer) return fail(res, 401, 'UNAUTHENTICATED', 'Log in to upload files');
      const fileName = fileNameOf(req.headers['x-file-name']);
      if (fileName === null) {
        return fail(
          res,
          400,
          'BAD_USER_INPUT',
          'X-File-Name is a URI-encoded (or UTF-8) name without control characters',
        );
      }
      try {
        await services.rateLimits.consume(UPLOADS_PER_HOUR, viewer.userId, 'Too many uploads; try later');
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const attachment = await services.attachments.upload(orm.em.fork(), viewer, body, fileName);
        res.status(201).json({
          id: attachment.id,
          fileName: attachment.fileName,
          contentType: attachment.contentType,
          size: attachment.size,
        });
      } catch (error) {
        if (error instanceof DomainError) {
          const status = error.code === 'RATE_LIMITED' ? 429 : error.code === 'ATTACHMENT_TOO_LARGE' ? 413 : 400;
          return fail(res, status, error.code, error.message, error.extensions);
        }
        throw error;
      }
      return undefined;
    },
  );
  /** GET /attachments/:id: the file, for its uploader and for staff (Authorization: Bearer). */
  router.get('/attachments/:id', async (req: Request, res: Response) => {
    let viewer;
    try {
      viewer = await services.sessions.authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof DomainError) return fail(res, 401, error.code, error.message);
      throw error;
    }
    if (!viewer) return fail(res, 401, 'UNAUTHENTICATED', 'Log in to read files');
    const id = String(req.params['id']);
    const attachment = isUuid(id) ? await orm.em.fork().findOne(Attachment, { id }) : null;
    if (!attachment || (attachment.ownerId !== viewer.userId && !isStaff(viewer))) {
      return fail(res, 404, 'NOT_FOUND', 'File not found');
    }
    const bytes = await services.attachments.read(attachment);
    res.setHeader('content-type', attachment.contentType);
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'private, max-age=300');
    return res.send(bytes);
  });

  // A body over the limit never reaches the handler.
  router.use('/uploads', (error: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      return fail(res, 413, 'ATTACHMENT_TOO_LARGE', 'The file is larger than 10 MB', {
        maxBytes: MAX_ATTACHMENT_BYTES,
      });
    }
    return next(error);
  });
  return router;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The file name from X-File-Name: URI-encoded as documented, or raw UTF-8 as many clients send it (Node reads header
 * bytes as Latin-1, so those are decoded again). Null when it is neither, or holds NUL or other control characters.
 */
export function fileNameOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header === '') return 'file';
  let name = header;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(name)) {
    try {
      name = strictUtf8.decode(Buffer.from(name, 'latin1'));
    } catch {
      return null;
    }
  }
  try {
    name = decodeURIComponent(name);
  } catch {
    if (name.includes('%')) return null;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return null;
  return name;
}
