import type { AnyConnectorDefinition } from '../core/connectors/contract.js';
import { tableRate } from './couriers/table-rate/index.js';
import { siteWebhook } from './orders/site-webhook/index.js';

/** Every connector type this hub ships; the only place that names them all. */
export const connectorDefinitions: readonly AnyConnectorDefinition[] = [tableRate, siteWebhook];
