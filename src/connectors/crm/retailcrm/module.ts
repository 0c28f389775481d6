import { ConnectorError } from '../../../core/errors.js';
import type { RetailCrmConfig } from './config.js';
import { DELIVERY_ACTIONS } from './callbacks.js';
import { DELIVERY_STATUSES } from './status.js';

/**
 * The `integrationModule` JSON of `POST /api/v5/integration-modules/{code}/edit`: the hub as a
 * delivery service whose callbacks live at `<callbackBaseUrl>/<action>`, authenticated by `clientId`.
 */
export function toModuleRegistration(config: RetailCrmConfig) {
  if (!config.callbackBaseUrl || !config.callbackSecret) {
    throw new ConnectorError('config', 'retailCRM delivery module: set callbackBaseUrl and callbackSecret before registering it');
  }
  return strip({
    code: config.moduleCode,
    integrationCode: config.moduleCode,
    active: true,
    name: config.moduleName,
    logo: config.logoUrl,
    clientId: config.callbackSecret,
    baseUrl: config.callbackBaseUrl.replace(/\/+$/, ''),
    accountUrl: config.accountUrl,
    integrations: {
      delivery: {
        description: 'Svyazka: delivery quotes from every connected courier, booking and tracking through the hub',
        actions: Object.fromEntries(DELIVERY_ACTIONS.map((a) => [a, a])),
        payerType: ['receiver', 'sender'],
        platePrintLimit: 100,
        rateDeliveryCost: true,
        allowPackages: true,
        codAvailable: true,
        selfShipmentAvailable: false,
        allowTrackNumber: true,
        availableCountries: ['RU', 'BY', 'KZ', 'UA'],
        requiredFields: [],
        statusList: DELIVERY_STATUSES.map((s) => ({ ...s })),
        plateList: [],
        deliveryDataFieldList: [],
      },
    },
  });
}

/** The form of the registration call. */
export function toModuleForm(config: RetailCrmConfig): Record<string, string> {
  return { integrationModule: JSON.stringify(toModuleRegistration(config)) };
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
