import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { ProblemError, ValidationError, type FieldIssue } from '../errors.js';
import type { Logger } from '../logger.js';

export const PROBLEM_TYPE_BASE = 'https://svyazka.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

export function problemBody(status: number, code: string, title: string, detail: string, extras: Record<string, unknown> = {}): Problem {
  return { ...extras, type: PROBLEM_TYPE_BASE + code, title, status, detail, code };
}

export function problemResponse(c: Context, p: Problem, headers: Record<string, string> = {}): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const body = { ...p, instance: c.req.path, ...(requestId ? { requestId } : {}) };
  const h: Record<string, string> = { 'content-type': 'application/problem+json', ...headers };
  if (requestId) h['x-request-id'] = requestId;
  return new Response(JSON.stringify(body), { status: p.status, headers: h });
}

export function zodIssues(error: ZodError, prefix: string[] = []): FieldIssue[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path].join('.') || '(body)', message: i.message }));
}

export function validationProblem(error: ZodError, where: string): ValidationError {
  const issues = zodIssues(error);
  return new ValidationError(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

/** The one error mapper of the HTTP API (STYLE.md): known errors as problems, the rest as a bare 500. */
export function onError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ProblemError) {
      return problemResponse(c, problemBody(err.status, err.code, err.title, err.message, err.extras));
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      if (status === 413) return problemResponse(c, problemBody(413, 'body_too_large', 'Payload too large', 'the request body is larger than this endpoint accepts'));
      const malformed = /malformed|json/i.test(err.message);
      const code = malformed ? 'malformed_json' : status === 401 ? 'unauthenticated' : 'http_error';
      const detail = malformed ? 'the request body is not valid JSON' : err.message || 'request refused';
      return problemResponse(c, problemBody(status, code, malformed ? 'Malformed JSON' : 'Request refused', detail, malformed ? { errors: [{ path: '(body)', message: 'not valid JSON' }] } : {}));
    }
    const requestId = c.get('requestId' as never);
    logger.error({ err, requestId, path: c.req.path, method: c.req.method }, 'unhandled error');
    return problemResponse(c, problemBody(500, 'internal', 'Internal error', 'the hub failed to handle this request; the request id leads to the log line'));
  };
}
