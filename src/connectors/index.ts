import type { AnyConnectorDefinition } from '../core/connectors/contract.js';
import { boxberry } from './couriers/boxberry/index.js';
import { cdek } from './couriers/cdek/index.js';
import { dpd } from './couriers/dpd/index.js';
import { novaPoshta } from './couriers/nova-poshta/index.js';
import { russianPost } from './couriers/russian-post/index.js';
import { tableRate } from './couriers/table-rate/index.js';
import { retailcrm } from './crm/retailcrm/index.js';
import { webhook } from './crm/webhook/index.js';
import { cpaPostback } from './orders/cpa-postback/index.js';
import { ozon } from './orders/ozon/index.js';
import { siteWebhook } from './orders/site-webhook/index.js';
import { wildberries } from './orders/wildberries/index.js';
import { yandexMarket } from './orders/yandex-market/index.js';
import { commerceml } from './stock/commerceml/index.js';

/** Every connector type this hub ships; the only place that names them all. */
export const connectorDefinitions: readonly AnyConnectorDefinition[] = [
  // couriers
  tableRate,
  cdek,
  boxberry,
  russianPost,
  dpd,
  novaPoshta,
  // order sources
  siteWebhook,
  cpaPostback,
  ozon,
  wildberries,
  yandexMarket,
  // stock sources
  commerceml,
  // CRMs
  webhook,
  retailcrm,
];
