import type { z } from 'zod';
import { ConnectorError } from '../errors.js';

/**
 * A pull cursor the connector wrote itself as JSON; anything else (hand-edited, from another
 * connector type) is refused rather than guessed at, since a wrong position loses or repeats orders.
 */
export function decodeJsonCursor<T>(schema: z.ZodType<T>, raw: string | undefined, who: string): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ConnectorError('invalid_request', `${who} pull cursor was not written by this connector: ${raw.slice(0, 100)}`, { transient: false });
  return parsed.data;
}
