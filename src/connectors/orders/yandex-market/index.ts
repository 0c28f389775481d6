import { defineOrdersSource } from '../../../core/connectors/contract.js';
import { createYandexMarketAdapter } from './adapter.js';
import { yandexMarketConfig } from './config.js';

export const yandexMarket = defineOrdersSource({
  type: 'yandex-market',
  title: 'Yandex Market (Partner API)',
  configSchema: yandexMarketConfig,
  secretFields: ['apiKey', 'notificationToken'],
  create: createYandexMarketAdapter,
});

export { createYandexMarketAdapter, type YandexMarketAdapter, type NotificationOutcome } from './adapter.js';
export { parseNotification, notificationOkResponse, notificationErrorResponse, isMarketNotificationIp, MARKET_NOTIFICATION_RANGES, type MarketNotification } from './notification.js';
export { mapOrder, parseGetOrderResponse, parseOrdersPage } from './orders.js';
export { toCancelRequest } from './cancel.js';
export { yandexMarketConfig, type YandexMarketConfig } from './config.js';
