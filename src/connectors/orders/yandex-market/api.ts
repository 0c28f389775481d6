import { z } from 'zod';

/** Wire types of the Partner API and its notification API (specs in /work/shared/specs/yandex-market). */

const Decimal = z.union([z.number(), z.string()]);
const Id = z.union([z.number().int(), z.string().regex(/^\d+$/)]);

// ---------------------------------------------------------------- notifications (SendNotificationRequest)

const ShopSku = z.string().trim().min(1).max(255);
const NotificationItem = z.looseObject({ offerId: ShopSku, count: z.number().int() });
const IsoTime = z.iso.datetime({ offset: true });

export const PingNotification = z.looseObject({ notificationType: z.literal('PING'), time: IsoTime.optional() });
export const OrderCreatedNotification = z.looseObject({
  notificationType: z.literal('ORDER_CREATED'),
  orderId: Id,
  campaignId: Id,
  items: z.array(NotificationItem),
  createdAt: IsoTime,
});
export const OrderStatusUpdatedNotification = z.looseObject({
  notificationType: z.literal('ORDER_STATUS_UPDATED'),
  orderId: Id,
  campaignId: Id,
  status: z.string().min(1),
  substatus: z.string().min(1),
  updatedAt: IsoTime,
});
export const OrderCancelledNotification = z.looseObject({
  notificationType: z.literal('ORDER_CANCELLED'),
  orderId: Id,
  campaignId: Id,
  items: z.array(NotificationItem),
  cancelledAt: IsoTime,
});
export const HandledNotification = z.discriminatedUnion('notificationType', [
  PingNotification,
  OrderCreatedNotification,
  OrderStatusUpdatedNotification,
  OrderCancelledNotification,
]);
export const NotificationEnvelope = z.looseObject({ notificationType: z.string().min(1) });

/** NotificationApiErrorType of the notification API. */
export type NotificationErrorType = 'UNKNOWN' | 'WRONG_EVENT_FORMAT' | 'DUPLICATED_EVENT';
/** SendNotificationResponse: the 200 body for every accepted notification. */
export interface SendNotificationResponse {
  version: string;
  name: string;
  time: string;
}
/** SendNotificationErrorResponse wrapping NotificationApiErrorDTO: the 400/500 body. */
export interface SendNotificationErrorResponse {
  error: { type: NotificationErrorType; message: string };
}

// ---------------------------------------------------------------- orders (OrderDTO, lenient)

export const Region: z.ZodType<RegionWire> = z.lazy(() =>
  z.looseObject({ id: z.number().int(), name: z.string(), type: z.string().optional(), parent: Region.optional() }),
);
export interface RegionWire {
  id: number;
  name: string;
  type?: string | undefined;
  parent?: RegionWire | undefined;
}

export const DeliveryAddress = z.looseObject({
  country: z.string().optional(),
  postcode: z.string().optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  street: z.string().optional(),
  house: z.string().optional(),
  block: z.string().optional(),
  building: z.string().optional(),
  estate: z.string().optional(),
  entrance: z.string().optional(),
  floor: z.string().optional(),
  apartment: z.string().optional(),
  phone: z.string().optional(),
  recipient: z.string().optional(),
});

export const OrderItem = z.looseObject({
  id: Id.optional(),
  offerId: z.string().optional(),
  /** Deprecated twin of offerId in older payloads. */
  shopSku: z.string().optional(),
  offerName: z.string().optional(),
  count: z.number().int().positive(),
  price: Decimal,
  buyerPrice: Decimal.optional(),
  buyerPriceBeforeDiscount: Decimal.optional(),
  subsidy: Decimal.optional(),
  subsidies: z.array(z.looseObject({ type: z.string().optional(), amount: Decimal.optional() })).nullish(),
  marketSku: Id.optional(),
});
export type OrderItemWire = z.infer<typeof OrderItem>;

export const Order = z.looseObject({
  id: Id,
  status: z.string().optional(),
  substatus: z.string().optional(),
  creationDate: z.string().optional(),
  updatedAt: z.string().optional(),
  currency: z.string().default('RUR'),
  itemsTotal: Decimal.optional(),
  deliveryTotal: Decimal.optional(),
  buyerTotal: Decimal.optional(),
  subsidyTotal: Decimal.optional(),
  paymentType: z.string().optional(),
  paymentMethod: z.string().optional(),
  fake: z.boolean().optional(),
  notes: z.string().optional(),
  items: z.array(OrderItem).min(1),
  delivery: z
    .looseObject({
      type: z.string().optional(),
      serviceName: z.string().optional(),
      deliveryPartnerType: z.string().optional(),
      deliveryServiceId: Id.optional(),
      price: Decimal.optional(),
      region: Region.optional(),
      address: DeliveryAddress.optional(),
      outletCode: z.string().optional(),
      shipments: z.array(z.looseObject({ id: Id.optional() })).optional(),
    })
    .optional(),
  buyer: z
    .looseObject({ lastName: z.string().optional(), firstName: z.string().optional(), middleName: z.string().optional(), type: z.string().optional() })
    .optional(),
});
export type OrderWire = z.infer<typeof Order>;

export const GetOrderResponse = z.looseObject({ order: Order });
export const GetOrdersResponse = z.looseObject({
  orders: z.array(Order),
  paging: z.looseObject({ nextPageToken: z.string().min(1).optional() }).optional(),
});

/** UpdateOrderStatusRequest (PUT /v2/campaigns/{campaignId}/orders/{orderId}/status). */
export interface UpdateOrderStatusRequest {
  order: { status: 'CANCELLED'; substatus: 'SHOP_FAILED' };
}

/** ApiErrorResponse: `{status: "ERROR", errors: [{code, message}]}`. */
export const ApiError = z.looseObject({
  status: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.string(), message: z.string().optional() })).nullish(),
});
