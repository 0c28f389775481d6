import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../errors.js';
import { connectionOf, header as requestHeader } from '../http/node-request.js';
import type { ApiKeyStore, ApiKeyRecord, Scope } from './keys.js';

export type AuthVariables = { apiKey: ApiKeyRecord };

/** `Authorization: Bearer <key>` with the given scope: 401 without a valid key, 403 without the scope. */
export function requireScope(store: ApiKeyStore, scope: Scope): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    let rec = c.get('apiKey') as ApiKeyRecord | undefined;
    if (!rec) {
      const key = bearerKey(requestHeader(c, 'authorization'));
      if (!key) {
        throw new ProblemError(401, 'unauthenticated', 'Unauthenticated', 'send an API key as `Authorization: Bearer <key>`');
      }
      rec = await store.authenticate(key, connectionOf(c));
      if (!rec) throw new ProblemError(401, 'invalid_api_key', 'Unauthenticated', 'the API key is not valid (revoked or mistyped)');
      c.set('apiKey', rec);
    }
    if (!rec.scopes.includes(scope)) {
      throw new ProblemError(403, 'missing_scope', 'Forbidden', `this API key lacks the '${scope}' scope`);
    }
    await next();
  };
}

/** The key of an `Authorization: Bearer <key>` header. */
export function bearerKey(header: string | undefined): string | undefined {
  return header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}
