import { z } from '@hono/zod-openapi';

/** An entry of the hub's event log (Redis Stream); `id` is the stream cursor. */
export const HubEvent = z
  .object({
    id: z.string().openapi({ description: 'Stream id; pass it as `after` to read on' }),
    type: z.string().openapi({ example: 'order.received' }),
    orderId: z.string().optional(),
    at: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');
export type HubEvent = z.infer<typeof HubEvent>;
