import type { z } from 'zod';
import type { Address, DayRange, DeliveryType, HubEvent, Money, Order, OrderInput, Parcel, QuoteRequest, QuoteResponse } from '../model/index.js';
import type { HttpClient } from '../http/client.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../clock.js';
import type { ConnectorCache } from './cache.js';
import type { PickupPoint } from '../quotes/pickup-points.js';

/** The four kinds of connector (DESIGN.md). */
export type ConnectorKind = 'courier' | 'orders' | 'stock' | 'crm';

/** What every adapter gets from the hub; adapters do no I/O outside these. */
export interface ConnectorDeps {
  connectorId: string;
  http: HttpClient;
  logger: Logger;
  clock: Clock;
  /** Redis-backed cache namespaced to this connector: tokens, reference data. */
  cache: ConnectorCache;
}

/** Result of `POST /v1/admin/connectors/:id/test`. */
export interface ConnectorTestResult {
  ok: boolean;
  detail: string;
}

interface BaseAdapter {
  /** Checks credentials and reachability without side effects. */
  test?(signal: AbortSignal): Promise<ConnectorTestResult>;
  /** Frees sockets and timers when the config changes or the hub stops. */
  close?(): Promise<void>;
}

// ---------------------------------------------------------------- couriers

export interface CourierQuoteInput {
  origin: Address;
  destination: Address;
  parcels: Parcel[];
  /** Declared value in minor units of `currency`. */
  declaredValue: number;
  currency: string;
  deliveryTypes?: DeliveryType[];
  signal: AbortSignal;
}

/** One way a courier offers to carry the parcels; the engine adds connector id and dates. */
export interface CourierRate {
  carrier: string;
  /** The courier's tariff code, as a string. */
  service: string;
  serviceName: string;
  deliveryType: DeliveryType;
  price: Money;
  days: DayRange;
  /** How the courier counts `days`. */
  dayKind: 'business' | 'calendar';
  codAvailable: boolean;
}

/** An expected outcome: rates, or an empty list with the reason there is no service. */
export interface QuoteOutcome {
  rates: CourierRate[];
  noService?: string;
}

export interface Contact {
  name: string;
  phone: string;
  email?: string;
}

export interface BookingRequest {
  /** The hub's shipment id: the idempotency key, sent to the courier as the client's order number. */
  shipmentId: string;
  orderId: string;
  service: string;
  pickupPointCode?: string;
  origin: Address;
  sender?: Contact;
  recipient: Contact;
  destination: Address;
  parcels: Parcel[];
  items: { sku: string; name: string; qty: number; price: number }[];
  declaredValue: number;
  /** Cash to collect on delivery, minor units; 0 for prepaid orders. */
  codAmount: number;
  currency: string;
  signal: AbortSignal;
}

/** Where a booking stands at the courier. `pending`: accepted, not yet processed (poll again). */
export interface BookingResult {
  state: 'booked' | 'pending' | 'rejected';
  /** The courier's own id for the shipment (CDEK uuid, Nova Poshta Ref, ...). */
  courierId?: string;
  trackNumber?: string;
  /** Courier's message when rejected. */
  message?: string;
}

export interface ShipmentRef {
  shipmentId: string;
  courierId?: string;
  trackNumber?: string;
}

export type TrackStatus = 'booked' | 'in_transit' | 'delivered' | 'returned' | 'cancelled' | 'unknown';

export interface TrackUpdate {
  shipmentId: string;
  status: TrackStatus;
  /** The courier's own status code, kept for people and logs. */
  code: string;
  description: string;
  at: string;
}

export interface Label {
  contentType: string;
  body: Uint8Array;
}

export interface CourierAdapter extends BaseAdapter {
  quote(input: CourierQuoteInput): Promise<QuoteOutcome>;
  book?(req: BookingRequest): Promise<BookingResult>;
  /** Looks a booking up by the hub's shipment id; `null` when the courier has none. */
  findBooking?(shipmentId: string, signal: AbortSignal): Promise<BookingResult | null>;
  /** Batched where the courier allows it. */
  track?(refs: ShipmentRef[], signal: AbortSignal): Promise<TrackUpdate[]>;
  cancel?(ref: ShipmentRef, signal: AbortSignal): Promise<void>;
  label?(ref: ShipmentRef, signal: AbortSignal): Promise<Label>;
  /** The courier's whole list of pickup points and lockers; the hub syncs it in the background. */
  pickupPoints?(signal: AbortSignal): Promise<PickupPoint[]>;
  /**
   * Maps a status push the courier sent to `/webhooks/couriers/<connector id>` (CDEK
   * ORDER_STATUS). Throws a ProblemError for a wrong token or an unreadable body; events the hub
   * does not track map to an empty list.
   */
  parseWebhook?(req: InboundRequest): Promise<TrackUpdate[]>;
  /** Subscribes the courier's status pushes to `hookUrl` (the adapter adds its token); returns the subscription id. */
  subscribeWebhook?(hookUrl: string, signal: AbortSignal): Promise<string>;
}

// ---------------------------------------------------------------- orders

/** An HTTP request pushed to the hub by a platform, as the adapter needs to see it. */
export interface InboundRequest {
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Raw body, so signatures can be checked over the exact bytes. */
  body: string;
}

/** A record a source sent that cannot become an order: kept in the dead-letter list, never dropped. */
export interface RejectedRecord {
  externalId: string | undefined;
  reason: string;
  /** The record as the source sent it, for an admin to read and replay. */
  payload: unknown;
}

export interface PullResult {
  orders: OrderInput[];
  /** Opaque position to resume from; stored only after the orders are. */
  cursor: string;
  /** More pages are waiting right now. */
  more: boolean;
  /** Records of this page that could not be mapped; the hub dead-letters them. */
  rejected?: RejectedRecord[];
}

/**
 * Where a source's own status, mapped to the hub pipeline, sits in `OrderInput.sourceData`. The
 * hub's intake reads it to apply status moves of orders it already has (a cancellation at the
 * platform cancels the hub order); `new` and `unknown` change nothing.
 */
export const SOURCE_HUB_STATUS = 'hubStatus';

/** One HTTP answer, shaped the way the platform that called expects it. */
export interface PushReply {
  status: number;
  body: unknown;
}

/** What a platform's own push endpoint asks the hub to do, and how to answer. */
export interface PushOutcome {
  /** The answer once the hub did what was asked. */
  reply: PushReply;
  /** Orders to take in before answering. */
  orders?: OrderInput[];
  /** The push only names what changed: run a pull of this connector now. */
  pullNow?: boolean;
  /** A payload that cannot be read (the reply is the platform's 4xx): the hub keeps it as a dead letter. */
  unmappable?: string;
  /** The answer when taking the orders in fails, so the platform retries. */
  failureReply?: PushReply;
}

export interface PushOptions {
  /**
   * The request was authenticated when it arrived (an API key, or a dead letter being replayed
   * after its credentials were stripped): skip the token or signature check.
   */
  verified?: boolean;
}

export interface OrdersAdapter extends BaseAdapter {
  /** True when a pushed request carries this source's own token or signature (no API key needed). */
  authorize?(req: InboundRequest): boolean;
  /** Authenticates and maps a pushed payload; throws ProblemError for bad tokens or shapes. */
  parsePush?(req: InboundRequest, opts?: PushOptions): Promise<OrderInput[]>;
  /**
   * Serves the platform's own push endpoint (`/<type>/<connector id>/<action>`, e.g. Yandex Market
   * notifications, Ozon push): answers pings in the platform's format, names orders to take in or
   * asks for a pull. Throws ProblemError 401/403 for calls that fail its token check.
   */
  handlePush?(action: string, req: InboundRequest, signal: AbortSignal, opts?: PushOptions): Promise<PushOutcome>;
  pull?(cursor: string | undefined, signal: AbortSignal): Promise<PullResult>;
  /** How often the hub pulls this source; default 5 minutes. */
  pullEveryMs?: number;
  /** Maps one record kept in the dead-letter list again (after an admin fixed the config). */
  remap?(payload: unknown, signal: AbortSignal): Promise<OrderInput[]>;
  /**
   * A new order is reserved as soon as it arrives (the platform expects the shop to accept or
   * refuse at once); when stock is short the hub calls `cancelAtSource` and reserves nothing.
   */
  reserveOnIntake?: boolean;
  /** Refuses the order at the platform (the shop cannot fulfil it); `reason` is for logs. */
  cancelAtSource?(externalId: string, reason: string, signal: AbortSignal): Promise<void>;
}

// ---------------------------------------------------------------- stock and crm

export interface StockAdapter extends BaseAdapter {}

/** What a CRM adapter may read while delivering an event. */
export interface DeliveryContext {
  getOrder(id: string): Promise<Order>;
  signal: AbortSignal;
}

/**
 * The hub as a delivery service for a CRM (retailCRM's delivery module and the like): quotes,
 * bookings through the booking queue, shipment info and cancellation.
 */
export interface DeliveryServices {
  quote(req: QuoteRequest, signal?: AbortSignal): Promise<QuoteResponse>;
  book(
    intent: { orderExternalId: string; connectorId: string; service: string; pickupPointCode?: string; parcels?: Parcel[]; shipmentId?: string },
    signal?: AbortSignal,
  ): Promise<{ shipmentId: string; trackNumber?: string; cost?: number; status?: string }>;
  shipment(shipmentId: string, signal?: AbortSignal): Promise<{ shipmentId: string; status: string; updatedAt?: string; trackNumber?: string; connectorId?: string; service?: string; message?: string } | null>;
  /** Throws a ProblemError (409) when the shipment can no longer be cancelled. */
  cancel(shipmentId: string, signal?: AbortSignal): Promise<void>;
}

export interface CrmAdapter extends BaseAdapter {
  /** Serves a CRM's callback to `/callbacks/<connector id>/<action>`; never throws. */
  handleCallback?(action: string, req: InboundRequest, services: DeliveryServices, signal?: AbortSignal): Promise<{ status: number; body: unknown }>;
  /** Whether this subscription wants the event at all (filters by type). */
  accepts?(event: HubEvent): boolean;
  /**
   * Delivers one event; throwing means "not delivered, try again later" (events of a connector
   * are delivered in order, so later ones wait).
   */
  deliver?(event: HubEvent, ctx: DeliveryContext): Promise<void>;
}

export interface AdapterByKind {
  courier: CourierAdapter;
  orders: OrdersAdapter;
  stock: StockAdapter;
  crm: CrmAdapter;
}

/**
 * A connector type: a definition object, not a class (STYLE.md). One type runs any number of
 * configured instances, each created from its validated config.
 */
export interface ConnectorDefinition<K extends ConnectorKind = ConnectorKind, C = any> {
  kind: K;
  /** kebab-case, e.g. `table-rate`, `russian-post`. */
  type: string;
  title: string;
  configSchema: z.ZodType<C>;
  /** Dot paths of config fields that are secrets: encrypted at rest, `"***"` on read, never logged. */
  secretFields: readonly string[];
  create(config: C, deps: ConnectorDeps): AdapterByKind[K];
}

export type AnyConnectorDefinition = ConnectorDefinition<ConnectorKind, any>;

/** Identity helpers that keep the kind and config types of a definition. */
export function defineCourier<C>(def: Omit<ConnectorDefinition<'courier', C>, 'kind'>): ConnectorDefinition<'courier', C> {
  return { ...def, kind: 'courier' };
}
export function defineOrdersSource<C>(def: Omit<ConnectorDefinition<'orders', C>, 'kind'>): ConnectorDefinition<'orders', C> {
  return { ...def, kind: 'orders' };
}
export function defineStockSource<C>(def: Omit<ConnectorDefinition<'stock', C>, 'kind'>): ConnectorDefinition<'stock', C> {
  return { ...def, kind: 'stock' };
}
export function defineCrm<C>(def: Omit<ConnectorDefinition<'crm', C>, 'kind'>): ConnectorDefinition<'crm', C> {
  return { ...def, kind: 'crm' };
}
