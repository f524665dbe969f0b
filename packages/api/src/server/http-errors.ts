import type { ErrorRequestHandler, RequestHandler } from 'express';

/** Any path nothing else served: a GraphQL-shaped 404. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
};

/** Errors express met (a body that is not JSON or too large: 4xx BAD_REQUEST; anything else: a logged 500). */
export const errorHandler: ErrorRequestHandler = (error: { status?: number; type?: string }, req, res, _next) => {
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) req.log.error({ err: error }, 'unhandled HTTP error');
  const message =
    error.type === 'entity.parse.failed'
      ? 'The request body is not valid JSON'
      : error.type === 'entity.too.large'
        ? 'The request body is too large'
        : status === 500
          ? 'Internal server error'
          : 'Bad request';
  res.status(status).json({
    errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
  });
};
