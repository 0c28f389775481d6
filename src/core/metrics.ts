import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics; one registry per hub so tests can build several hubs in one process. */
export function createMetrics(opts: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry, prefix: 'svyazka_' });
  // Replayed quotes' cache hits, by the list of couriers each remembered answer came from (one list
  // per answer), added to the counter when it is read: a label lookup per courier was a twentieth
  // of a replayed quote's CPU.
  const replayedHits = new Map<readonly string[], number>();
  const addReplayedHits = () => {
    for (const [ids, n] of replayedHits) for (const connector of ids) quoteCache.inc({ connector, result: 'hit' }, n);
    replayedHits.clear();
  };
  const quoteCache = new Counter({
    name: 'svyazka_courier_quote_cache_total',
    help: 'Courier answers served from the quote cache (hit) or asked for (miss); hit ratio = hit / (hit + miss)',
    labelNames: ['connector', 'result'] as const,
    registers: [registry],
    collect: addReplayedHits,
  });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'svyazka_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    quoteDuration: new Histogram({
      name: 'svyazka_courier_quote_duration_seconds',
      help: 'Courier quote call latency per connector and attempt outcome (ok, no_service, error, timeout); cached answers are not calls',
      labelNames: ['connector', 'outcome'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers: [registry],
    }),
    quoteErrors: new Counter({
      name: 'svyazka_courier_quote_errors_total',
      help: 'Courier quote failures by connector and code, counted when the courier fails (a failure answered again from the cache counts as a cache hit)',
      labelNames: ['connector', 'code'] as const,
      registers: [registry],
    }),
    quoteCache,
    /** One cache hit for each courier a replayed answer was built from; `ids` is the same array for every replay of one answer. */
    countReplayedHits(ids: readonly string[]): void {
      replayedHits.set(ids, (replayedHits.get(ids) ?? 0) + 1);
      if (replayedHits.size > 256) addReplayedHits();
    },
    quoteRetries: new Counter({
      name: 'svyazka_courier_quote_retries_total',
      help: 'Courier quote calls retried within the deadline, by reason (transient failure or 429)',
      labelNames: ['connector', 'reason'] as const,
      registers: [registry],
    }),
    circuitOpened: new Counter({
      name: 'svyazka_courier_circuit_opened_total',
      help: 'Times a courier circuit breaker opened after repeated failures',
      labelNames: ['connector'] as const,
      registers: [registry],
    }),
    pickupPoints: new Gauge({
      name: 'svyazka_pickup_points',
      help: 'Pickup points stored per courier connector after the last refresh',
      labelNames: ['connector'] as const,
      registers: [registry],
    }),
    confirmations: new Counter({
      name: 'svyazka_order_confirmations_total',
      help: 'Order confirmations by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    ordersReceived: new Counter({
      name: 'svyazka_orders_received_total',
      help: 'Orders taken in, by source, and whether they were new',
      labelNames: ['source', 'created'] as const,
      registers: [registry],
    }),
    bookings: new Counter({
      name: 'svyazka_booking_outcomes_total',
      help: 'Booking attempts by courier connector and outcome (booked, retry, failed)',
      labelNames: ['connector', 'outcome'] as const,
      registers: [registry],
    }),
    pulls: new Counter({
      name: 'svyazka_order_pulls_total',
      help: 'Order pulls by connector and outcome (done, failed, busy)',
      labelNames: ['connector', 'outcome'] as const,
      registers: [registry],
    }),
    pulledOrders: new Counter({
      name: 'svyazka_order_pull_records_total',
      help: 'Records read by order pulls, by connector and fate (stored, dead_lettered)',
      labelNames: ['connector', 'fate'] as const,
      registers: [registry],
    }),
    lastPull: new Gauge({
      name: 'svyazka_order_pull_last_success_seconds',
      help: 'Unix time of the last successful pull per connector: alert when it falls behind the schedule',
      labelNames: ['connector'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'svyazka_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
