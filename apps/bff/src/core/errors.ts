// Error codes of authentication; thrown from the onRequest hooks, answered by the one error handler.

import createError from '@fastify/error';

export const SessionMissing = createError<'SESSION_REQUIRED', 401, []>(
  'SESSION_REQUIRED',
  'missing Authorization: Bearer <session token>',
  401,
);
export const SessionInvalid = createError<'SESSION_REQUIRED', 401, []>(
  'SESSION_REQUIRED',
  'session token is invalid or expired; log in again',
  401,
);
export const AdminRequired = createError<'ADMIN_REQUIRED', 401, []>(
  'ADMIN_REQUIRED',
  'admin routes need Authorization: Bearer <ADMIN_TOKEN>',
  401,
);
