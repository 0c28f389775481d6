import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { InboundRequest, TrackUpdate } from '../../../core/connectors/contract.js';
import { ProblemError, ValidationError } from '../../../core/errors.js';
import { cdekTrackStatus } from './status.js';

/**
 * A CDEK webhook event (POST /v2/webhooks subscriptions). Only ORDER_STATUS moves shipments; CDEK
 * sends other types to the same URL when a shop subscribed them elsewhere.
 */
export const CdekWebhookEvent = z.object({
  type: z.string(),
  date_time: z.string().optional(),
  uuid: z.string().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

export const CdekOrderStatusAttributes = z.object({
  /** Our shipment id: bookings send it as the client's order number. */
  number: z.string().min(1).optional(),
  cdek_number: z.union([z.string(), z.number()]).optional(),
  code: z.string().min(1),
  status_date_time: z.string().min(1),
  city_name: z.string().optional(),
  is_return: z.boolean().optional(),
  deleted: z.boolean().optional(),
});

/**
 * CDEK signs nothing, so the subscription URL carries a secret token of ours and a push without
 * it is refused. Without a configured token the hub takes no CDEK pushes at all.
 */
export function checkWebhookToken(req: InboundRequest, token: string | undefined): void {
  if (!token) throw new ProblemError(403, 'webhooks_off', 'Forbidden', 'this CDEK connector takes no webhooks: set webhookToken in its config and subscribe again');
  const got = Buffer.from(req.query.token ?? '');
  const want = Buffer.from(token);
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new ProblemError(401, 'invalid_token', 'Unauthenticated', 'the webhook token is missing or wrong');
}

export function parseWebhookBody(body: string): TrackUpdate[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError('the body is not JSON', []);
  }
  const event = CdekWebhookEvent.safeParse(json);
  if (!event.success) throw new ValidationError('not a CDEK webhook event', event.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  if (event.data.type !== 'ORDER_STATUS') return [];
  const a = CdekOrderStatusAttributes.safeParse(event.data.attributes ?? {});
  if (!a.success) throw new ValidationError('CDEK ORDER_STATUS event without the fields the hub needs', a.error.issues.map((i) => ({ path: `attributes.${i.path.join('.')}`, message: i.message })));
  // Orders created outside the hub carry no number of ours; deleted statuses were CDEK's mistakes.
  if (!a.data.number || a.data.deleted) return [];
  return [{
    shipmentId: a.data.number,
    status: cdekTrackStatus(a.data.code),
    code: a.data.code,
    description: [a.data.code, a.data.city_name].filter(Boolean).join(', '),
    at: a.data.status_date_time,
  }];
}
