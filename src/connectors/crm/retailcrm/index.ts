import { defineCrm } from '../../../core/connectors/contract.js';
import { createRetailCrmAdapter } from './adapter.js';
import { retailCrmConfig } from './config.js';

export const retailcrm = defineCrm({
  type: 'retailcrm',
  title: 'retailCRM / Simla (API v5, delivery integration module)',
  configSchema: retailCrmConfig,
  secretFields: ['apiKey', 'callbackSecret'],
  create: createRetailCrmAdapter,
});

export { createRetailCrmAdapter, isRetailCrmAdapter, type RetailCrmAdapter, type PushOrderResult, type StatusUpdateResult } from './adapter.js';
export { handleDeliveryCallback, type DeliveryHub, type CallbackContext } from './handlers.js';
export { DELIVERY_ACTIONS, callbackFields, checkClientId, type CallbackReply, type DeliveryAction } from './callbacks.js';
export { toQuoteRequest, toCalculateResult, calculateBody, tariffCode, parseTariffCode } from './calculate.js';
export { toSaveRequest, toBookingIntent, toSaveResult, toShipmentRef, toGetResult, toCancelRequest, type BookingIntent, type SaveRequest, type ShipmentInfo } from './delivery.js';
export { toCrmOrder, toCreateForm, toStatusEditForm, splitName } from './orders.js';
export { toModuleRegistration, toModuleForm } from './module.js';
export { retailCrmConfig, type RetailCrmConfig } from './config.js';
