import { defineOrdersSource, type ConnectorDeps, type OrdersAdapter } from '../../../core/connectors/contract.js';
import { decodeLead, type LeadPayload } from './api.js';
import { checkAuth } from './auth.js';
import { cpaPostbackConfig, type CpaPostbackConfig } from './config.js';
import { mapLead } from './leads.js';

export function createCpaPostbackAdapter(config: CpaPostbackConfig, deps: ConnectorDeps): OrdersAdapter {
  return {
    async parsePush(req, opts) {
      // Authentication comes first: an HMAC over the raw bytes; a token in the body is read from a
      // body decoded only for that, and an undecodable body simply carries no token (401, not 400).
      if (!opts?.verified) checkAuth(config.auth, req, () => {
        try {
          return decodeLead(req);
        } catch {
          return {};
        }
      });
      const payload = decodeLead(req);
      return [mapLead(withoutToken(payload, config), config, deps.connectorId)];
    },
  };
}

/** The shared token never lands in the stored lead. */
function withoutToken(payload: LeadPayload, config: CpaPostbackConfig): LeadPayload {
  if (config.auth.mode !== 'token' || !(config.auth.tokenParam in payload)) return payload;
  const { [config.auth.tokenParam]: _dropped, ...rest } = payload;
  return rest;
}

export const cpaPostback = defineOrdersSource({
  type: 'cpa-postback',
  title: 'CPA network / landing page / site form leads',
  configSchema: cpaPostbackConfig,
  secretFields: ['auth.token', 'auth.secret'],
  create: createCpaPostbackAdapter,
});

export { cpaPostbackConfig, type CpaPostbackConfig } from './config.js';
export { normalisePhone, PHONE_COUNTRIES, type PhoneCountry } from './phone.js';
export { mapLead, resolve } from './leads.js';
export { decodeLead, formToObject } from './api.js';
export { signBody } from './auth.js';
