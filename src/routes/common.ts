import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { validationProblem } from '../core/http/problem.js';
import type { Context } from 'hono';
import type { AuthVariables } from '../core/auth/middleware.js';
import type { InboundRequest } from '../core/connectors/contract.js';

export type Env = { Variables: AuthVariables & { requestId: string } };

/** A sub-app whose validation failures become 400 problems naming each field path. */
export function router() {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error, result.target === 'json' ? 'request body' : `${result.target} parameters`);
    },
  });
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .openapi('Problem');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

/** The error answers every authenticated endpoint can give. */
export const commonErrors = {
  400: problem('Invalid input; `errors` names each bad field'),
  401: problem('No or invalid API key'),
  403: problem('The API key lacks the scope'),
} as const;
export const notFound = { 404: problem('Not found') } as const;
export const conflict = (why: string) => ({ 409: problem(why) }) as const;
export const problemResponse = problem;

export function json<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function body<T extends ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

export const bearer = [{ bearer: [] }];

/** A pushed request as adapters see it (InboundRequest): the body raw, so signatures are checked over the exact bytes. */
export async function inboundRequest(c: Context): Promise<InboundRequest> {
  return {
    method: c.req.method,
    headers: Object.fromEntries(c.req.raw.headers),
    query: c.req.query(),
    body: c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text(),
  };
}
