import { z } from 'zod';

export const SiteWebhookConfig = z.object({
  token: z
    .string()
    .min(16, 'use at least 16 random characters')
    .optional()
    .describe('When set, the site may post orders with `X-Source-Token: <token>` instead of an API key'),
});
export type SiteWebhookConfig = z.infer<typeof SiteWebhookConfig>;
