import { ConflictError, ProblemError, ValidationError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { QuoteError, QuoteOption, QuoteRequest, QuoteResponse, Warehouse } from '../model/index.js';
import type { ConnectorService } from '../connectors/service.js';
import type { StockService } from '../stock/service.js';
import type { Logger } from '../logger.js';
import { BusinessCalendar } from './calendar.js';
import type { HolidayTable } from './holidays/index.js';
import { deliveryDates, shipOn } from './dates.js';
import { QuoteEngine, type QuoteEngineOptions, type QuoteRuntime } from './engine.js';
import { buildParcel, DEFAULT_PARCEL, type ParcelDefaults } from './parcels.js';
import { DEFAULT_REPLAY, QuoteReplay, type ReplayOptions, type ReplayStamp } from './replay.js';

/** Quote settings (HubOptions.quotes): parcel defaults, holiday tables, and the engine's tuning. */
export interface QuoteServiceOptions extends QuoteEngineOptions {
  parcelDefaults?: ParcelDefaults;
  holidayOverrides?: Record<string, HolidayTable>;
  /** Replay of answers to byte-identical requests (QuoteReplay); `false` turns it off. */
  replay?: Partial<ReplayOptions> | false;
}

/** An answer that may be replayed to the same request body (see QuoteReplay). */
export interface Replayable {
  until: number;
  stamp: ReplayStamp;
  couriers: string[];
}

/** Time kept back from `timeoutMs` to build and send the answer once the couriers are cut off. */
const ANSWER_RESERVE_MS = 20;
/** How old the warehouses and couriers a quote uses may be; changes made in this process apply at once. */
const CONFIG_MAX_AGE_MS = 1000;

interface Shipment {
  warehouse: Warehouse;
  parcels: QuoteRequest['parcels'] & {};
  items?: { sku: string; qty: number }[];
  declaredValue: number;
}

/** `POST /v1/quotes`: where the parcels leave from, then every courier at once, then dates. */
export class QuoteService {
  private engine: QuoteEngine | undefined;
  private logger: Logger | undefined;
  /** `<country> <year>` pairs already warned about: once per process is enough for the log. */
  private readonly uncovered = new Set<string>();
  private readonly calendars = new Map<string, BusinessCalendar>();
  private readonly replay: QuoteReplay;

  constructor(
    private readonly connectors: ConnectorService,
    private readonly stock: StockService,
    private readonly clock: Clock,
    private readonly opts: QuoteServiceOptions = {},
    runtime?: QuoteRuntime,
  ) {
    this.replay = new QuoteReplay(opts.replay === false ? { ...DEFAULT_REPLAY, maxMs: 0 } : { ...DEFAULT_REPLAY, ...opts.replay });
    if (runtime) this.attach(runtime);
  }

  /**
   * Gives the engine its Redis (cache, breaker) and metrics. Idempotent: the first runtime wins,
   * so the breaker, limits and latency history stay one per service.
   */
  attach(runtime: QuoteRuntime): this {
    this.engine ??= new QuoteEngine(runtime, this.opts);
    this.logger ??= runtime.logger;
    return this;
  }

  /** Whether a request body of this many bytes is worth reading for `recall` before anything else. */
  mayRecall(bytes: number): boolean {
    return this.replay.mayHold(bytes);
  }

  /**
   * The serialised answer given moments ago to this exact request body, when it was built wholly
   * from cached courier answers that are still good and nothing it depends on has changed.
   */
  recall(request: string): Uint8Array<ArrayBuffer> | undefined {
    if (!this.replay.enabled) return undefined;
    const hit = this.replay.recall(request, this.stamp());
    if (!hit) return undefined;
    this.engine?.countCacheHits(hit.couriers);
    return hit.answer;
  }

  /** Keeps a serialised answer that `quote` marked `replayable`, for `recall`. */
  remember(request: string, answer: string, r: Replayable): void {
    this.replay.remember(request, answer, r.until, r.stamp, r.couriers);
  }

  private stamp(): ReplayStamp {
    return { connectors: this.connectors.generation, warehouses: this.stock.warehouses.generation, minute: Math.floor(this.clock.now().getTime() / 60_000) };
  }

  async quote(req: QuoteRequest): Promise<QuoteResponse & { allFailed: boolean; replayable?: Replayable }> {
    const started = Date.now();
    // Taken before any read, so that a change made while this quote runs makes its answer stale.
    const stamp = this.replay.enabled && !req.items ? this.stamp() : undefined;
    const engine = this.engine;
    if (!engine) throw new Error('QuoteService has no runtime: pass it to the constructor or call attach(hub) before quoting');
    // Independent reads: issued together they are in flight together, one round trip of waiting.
    // Configuration as this process last read it, up to a second old: a quote pays no round trip for it.
    const [shipments, enabled] = await Promise.all([req.items ? this.fromStock(req) : this.fromParcels(req).then((s) => [s]), this.connectors.enabled('courier', { maxAgeMs: CONFIG_MAX_AGE_MS })]);
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
    // Couriers that answered: with rates (even if the filter drops them all) or with "no service".
    // The quote is a 502 only when none did.
    const answeredBy = new Set<string>();
    for (const { s, out } of results) {
      const cal = this.calendar(s.warehouse.address.country);
      const ship = shipOn(s.warehouse, now, cal);
      const kept = new Set<string>();
      for (const { connectorId, rate } of out.rates) {
        answeredBy.add(connectorId);
        if (req.deliveryTypes && !req.deliveryTypes.includes(rate.deliveryType)) continue;
        kept.add(connectorId);
        const dates = deliveryDates(ship, rate.days, rate.dayKind, cal);
        this.warnIfUncovered(s.warehouse.address.country, cal, dates.to);
        options.push({
          connectorId,
          carrier: rate.carrier,
          service: rate.service,
          serviceName: rate.serviceName,
          deliveryType: rate.deliveryType,
          price: rate.price,
          days: rate.days,
          dates,
          codAvailable: rate.codAvailable,
          warehouseId: s.warehouse.id,
        });
      }
      // A courier whose every option the filter dropped answered "no service" for those types.
      for (const { connectorId } of req.deliveryTypes ? out.rates : []) {
        if (kept.has(connectorId) || errors.some((x) => x.connectorId === connectorId && x.code === 'no_service')) continue;
        errors.push({ connectorId, code: 'no_service', message: `no options of the requested delivery types (${req.deliveryTypes!.join(', ')})` });
      }
      for (const e of out.errors) {
        if (e.code === 'no_service') answeredBy.add(e.connectorId);
        if (!errors.some((x) => x.connectorId === e.connectorId && x.code === e.code)) errors.push(e);
      }
    }
    if (req.sort === 'price') options.sort((a, b) => a.price.amount - b.price.amount || a.dates.to.localeCompare(b.dates.to));
    if (req.sort === 'time') options.sort((a, b) => a.dates.to.localeCompare(b.dates.to) || a.price.amount - b.price.amount);
    const allFailed = answeredBy.size === 0 && (couriers.length > 0 || errors.length > 0);
    if (!couriers.length && !errors.length) throw new ProblemError(422, 'no_couriers', 'No couriers', 'no courier connector is enabled; add one under /v1/admin/connectors');
    const response: QuoteResponse & { allFailed: boolean; replayable?: Replayable } = { options, errors, allFailed };
    if (req.items) response.shipFrom = shipments.map((s) => ({ warehouseId: s.warehouse.id, items: s.items ?? [] }));
    // Stock-aware answers depend on stock levels, which move all the time: never replayed.
    const until = Math.min(...results.map((r) => r.out.cachedUntil ?? 0));
    if (stamp && until > Date.now()) response.replayable = { until, stamp, couriers: couriers.map((c) => c.id) };
    return response;
  }

  private warnIfUncovered(country: string, cal: BusinessCalendar, date: string): void {
    if (cal.covers(date)) return;
    const key = `${country} ${date.slice(0, 4)}`;
    if (this.uncovered.has(key)) return;
    this.uncovered.add(key);
    this.logger?.warn(
      { country, year: date.slice(0, 4) },
      `the ${country} holiday table has no holidays for ${date.slice(0, 4)}, so delivery dates count only weekends as days off; add that year under holidayOverrides in SVYAZKA_QUOTES_FILE`,
    );
  }

  private calendar(country: string): BusinessCalendar {
    let c = this.calendars.get(country);
    if (!c) this.calendars.set(country, (c = BusinessCalendar.forCountry(country, this.opts.holidayOverrides)));
    return c;
  }

  /** The named warehouse, or the first one by id. */
  private async fromParcels(req: QuoteRequest): Promise<Shipment> {
    const all = await this.stock.warehouses.recentList();
    const warehouse = req.warehouseId ? all.find((w) => w.id === req.warehouseId) : all[0];
    if (req.warehouseId && !warehouse) throw new ValidationError(`unknown warehouse '${req.warehouseId}'`, [{ path: 'warehouseId', message: 'no such warehouse' }]);
    if (!warehouse) throw new ProblemError(422, 'no_warehouses', 'No warehouses', 'configure a warehouse first: PUT /v1/admin/warehouses/:id');
    return { warehouse, parcels: req.parcels!, declaredValue: req.declaredValue ?? 0 };
  }

  /** Stock-aware: plan as confirmation would, one parcel per shipping warehouse from catalog data. */
  private async fromStock(req: QuoteRequest): Promise<Shipment[]> {
    const plan = await this.stock.reserve('quote', req.items!, { dryRun: true });
    if (!plan.ok) throw new ConflictError('insufficient_stock', 'not enough stock to ship these items', { shortages: plan.shortages });
    const byWarehouse = new Map<string, { sku: string; qty: number }[]>();
    for (const a of plan.allocations) byWarehouse.set(a.warehouseId, [...(byWarehouse.get(a.warehouseId) ?? []), { sku: a.sku, qty: a.qty }]);
    const known = await this.stock.warehouses.recentList();
    return Promise.all(
      [...byWarehouse].map(async ([wh, items]) => {
        const catalog = await this.stock.catalogItems(items.map((i) => i.sku));
        const lines = items.map((i, n) => ({ qty: i.qty, item: catalog[n] }));
        const value = lines.reduce((sum, l) => sum + (l.item?.price ?? 0) * l.qty, 0);
        return {
          // One added in another hub process within the last second is read afresh.
          warehouse: known.find((w) => w.id === wh) ?? (await this.stock.warehouses.get(wh)),
          parcels: [buildParcel(lines, this.opts.parcelDefaults ?? DEFAULT_PARCEL)],
          items,
          declaredValue: req.declaredValue ?? value,
        };
      }),
    );
  }
}
