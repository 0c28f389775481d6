import { z } from 'zod';

export const WebhookConfig = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').describe('Where events are POSTed'),
  secret: z.string().min(16, 'use at least 16 random characters').describe('Signs every delivery (HMAC-SHA256); share it with the receiver'),
  events: z.array(z.string()).optional().describe('Event types to send (e.g. order.received); default: all'),
  timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
});
export type WebhookConfig = z.infer<typeof WebhookConfig>;
