import { ConflictError, NotFoundError, ProblemError, ValidationError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { QuoteError, QuoteOption, QuoteRequest, QuoteResponse, Warehouse } from '../model/index.js';
import type { ConnectorService } from '../connectors/service.js';
import type { StockService } from '../stock/service.js';
import { BusinessCalendar } from './calendar.js';
import type { HolidayTable } from './holidays/index.js';
import { deliveryDates, shipOn } from './dates.js';
import { QuoteEngine, type QuoteEngineOptions, type QuoteRuntime } from './engine.js';
import { buildParcel, DEFAULT_PARCEL, type ParcelDefaults } from './parcels.js';

/** Quote settings (HubOptions.quotes): parcel defaults, holiday tables, and the engine's tuning. */
export interface QuoteServiceOptions extends QuoteEngineOptions {
  parcelDefaults?: ParcelDefaults;
  holidayOverrides?: Record<string, HolidayTable>;
}

/** Time kept back from `timeoutMs` to build and send the answer once the couriers are cut off. */
const ANSWER_RESERVE_MS = 20;

interface Shipment {
  warehouse: Warehouse;
  parcels: QuoteRequest['parcels'] & {};
  items?: { sku: string; qty: number }[];
  declaredValue: number;
}

/** `POST /v1/quotes`: where the parcels leave from, then every courier at once, then dates. */
export class QuoteService {
  private engine: QuoteEngine | undefined;
  private readonly calendars = new Map<string, BusinessCalendar>();

  constructor(
    private readonly connectors: ConnectorService,
    private readonly stock: StockService,
    private readonly clock: Clock,
    private readonly opts: QuoteServiceOptions = {},
    runtime?: QuoteRuntime,
  ) {
    if (runtime) this.attach(runtime);
  }

  /**
   * Gives the engine its Redis (cache, breaker) and metrics. Idempotent: the first runtime wins,
   * so the breaker, limits and latency history stay one per service.
   */
  attach(runtime: QuoteRuntime): this {
    this.engine ??= new QuoteEngine(runtime, this.opts);
    return this;
  }

  async quote(req: QuoteRequest): Promise<QuoteResponse & { allFailed: boolean }> {
    const started = Date.now();
    const engine = this.engine;
    if (!engine) throw new Error('QuoteService has no runtime: pass it to the constructor or call attach(hub) before quoting');
    // Independent reads: issued together they share one Redis round trip (auto-pipelining).
    const [shipments, enabled] = await Promise.all([req.items ? this.fromStock(req) : this.fromParcels(req).then((s) => [s]), this.connectors.enabled('courier')]);
    let couriers = enabled;
    const errors: QuoteError[] = [];
    if (req.connectorIds) {
      const wanted = new Set(req.connectorIds);
      for (const id of wanted) {
        if (!couriers.some((c) => c.id === id)) errors.push({ connectorId: id, code: 'not_found', message: `no enabled courier connector '${id}'` });
      }
      couriers = couriers.filter((c) => wanted.has(c.id));
    }
    const now = this.clock.now();
    const currency = req.currency ?? 'RUB';
    const options: QuoteOption[] = [];
    // The caller's deadline is for the whole answer: stop waiting for couriers a little before it,
    // so that building, serialising and sending the answer still land within it.
    const left = Math.max(50, req.timeoutMs - (Date.now() - started) - ANSWER_RESERVE_MS);
    const results = await Promise.all(
      shipments.map(async (s) => ({
        s,
        out: await engine.fanOut(couriers, { origin: s.warehouse.address, destination: req.destination, parcels: s.parcels, declaredValue: s.declaredValue, currency, deliveryTypes: req.deliveryTypes }, left),
      })),
    );
    for (const { s, out } of results) {
      const cal = this.calendar(s.warehouse.address.country);
      const ship = shipOn(s.warehouse, now, cal);
      for (const { connectorId, rate } of out.rates) {
        if (req.deliveryTypes && !req.deliveryTypes.includes(rate.deliveryType)) continue;
        options.push({
          connectorId,
          carrier: rate.carrier,
          service: rate.service,
          serviceName: rate.serviceName,
          deliveryType: rate.deliveryType,
          price: rate.price,
          days: rate.days,
          dates: deliveryDates(ship, rate.days, rate.dayKind, cal),
          codAvailable: rate.codAvailable,
          warehouseId: s.warehouse.id,
        });
      }
      for (const e of out.errors) if (!errors.some((x) => x.connectorId === e.connectorId && x.code === e.code)) errors.push(e);
    }
    if (req.sort === 'price') options.sort((a, b) => a.price.amount - b.price.amount || a.dates.to.localeCompare(b.dates.to));
    if (req.sort === 'time') options.sort((a, b) => a.dates.to.localeCompare(b.dates.to) || a.price.amount - b.price.amount);
    const answered = options.length > 0 || (errors.length > 0 && errors.every((e) => e.code === 'no_service'));
    const allFailed = !answered && (couriers.length > 0 || errors.length > 0);
    const response: QuoteResponse & { allFailed: boolean } = { options, errors, allFailed };
    if (req.items) response.shipFrom = shipments.map((s) => ({ warehouseId: s.warehouse.id, items: s.items ?? [] }));
    if (!couriers.length && !errors.length) throw new ProblemError(422, 'no_couriers', 'No couriers', 'no courier connector is enabled; add one under /v1/admin/connectors');
    return response;
  }

  private calendar(country: string): BusinessCalendar {
    let c = this.calendars.get(country);
    if (!c) this.calendars.set(country, (c = BusinessCalendar.forCountry(country, this.opts.holidayOverrides)));
    return c;
  }

  /** One Redis round trip: the named warehouse, or the first one by id. */
  private async fromParcels(req: QuoteRequest): Promise<Shipment> {
    let warehouse: Warehouse | undefined;
    if (req.warehouseId) {
      warehouse = await this.stock.warehouses.get(req.warehouseId).catch((err: unknown) => {
        if (err instanceof NotFoundError) throw new ValidationError(`unknown warehouse '${req.warehouseId}'`, [{ path: 'warehouseId', message: 'no such warehouse' }]);
        throw err;
      });
    } else {
      warehouse = (await this.stock.warehouses.list())[0];
    }
    if (!warehouse) throw new ProblemError(422, 'no_warehouses', 'No warehouses', 'configure a warehouse first: PUT /v1/admin/warehouses/:id');
    return { warehouse, parcels: req.parcels!, declaredValue: req.declaredValue ?? 0 };
  }

  /** Stock-aware: plan as confirmation would, one parcel per shipping warehouse from catalog data. */
  private async fromStock(req: QuoteRequest): Promise<Shipment[]> {
    const plan = await this.stock.reserve('quote', req.items!, { dryRun: true });
    if (!plan.ok) throw new ConflictError('insufficient_stock', 'not enough stock to ship these items', { shortages: plan.shortages });
    const byWarehouse = new Map<string, { sku: string; qty: number }[]>();
    for (const a of plan.allocations) byWarehouse.set(a.warehouseId, [...(byWarehouse.get(a.warehouseId) ?? []), { sku: a.sku, qty: a.qty }]);
    return Promise.all(
      [...byWarehouse].map(async ([wh, items]) => {
        const catalog = await this.stock.catalogItems(items.map((i) => i.sku));
        const lines = items.map((i, n) => ({ qty: i.qty, item: catalog[n] }));
        const value = lines.reduce((sum, l) => sum + (l.item?.price ?? 0) * l.qty, 0);
        return {
          warehouse: await this.stock.warehouses.get(wh),
          parcels: [buildParcel(lines, this.opts.parcelDefaults ?? DEFAULT_PARCEL)],
          items,
          declaredValue: req.declaredValue ?? value,
        };
      }),
    );
  }
}
