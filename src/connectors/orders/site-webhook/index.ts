import { timingSafeEqual } from 'node:crypto';
import { defineOrdersSource } from '../../../core/connectors/contract.js';
import { SiteWebhookConfig } from './config.js';

/** The shop's site or landing page posting orders in the canonical shape to `POST /v1/orders`. */
export const siteWebhook = defineOrdersSource({
  type: 'site-webhook',
  title: 'Site or landing page (canonical JSON)',
  configSchema: SiteWebhookConfig,
  secretFields: ['token'],
  create(config) {
    return {
      authorize(req) {
        if (!config.token) return false;
        const given = Buffer.from(req.headers['x-source-token'] ?? '');
        const want = Buffer.from(config.token);
        return given.length === want.length && timingSafeEqual(given, want);
      },
    };
  },
});
