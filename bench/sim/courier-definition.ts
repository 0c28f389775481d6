import { z } from 'zod';
import { defineCourier } from '../../src/core/connectors/contract.js';
import { ConnectorError } from '../../src/core/errors.js';
import { ensureOk } from '../../src/core/http/client.js';

/**
 * The adapter for the simulated courier of the booking benchmark: real HTTP through the hub's
 * client, the shipment id sent as the client's order number, lookups by that number.
 */
export const benchCourier = defineCourier({
  type: 'bench-courier',
  title: 'Simulated courier (benchmarks)',
  configSchema: z.object({ baseUrl: z.string().url() }),
  secretFields: [],
  create(config, deps) {
    return {
      async quote() {
        return { rates: [] };
      },
      async book(req) {
        const res = await deps.http.request({ method: 'POST', url: `${config.baseUrl}/orders`, json: { number: req.shipmentId }, timeoutMs: 5000, signal: req.signal });
        if (res.status === 504) throw new ConnectorError('timeout', 'simulated courier lost the answer', { ambiguous: true });
        ensureOk(res, 'simulated courier');
        const body = res.json<{ id: string }>();
        return { state: 'booked', courierId: body.id, trackNumber: body.id };
      },
      async findBooking(shipmentId, signal) {
        const res = await deps.http.request({ url: `${config.baseUrl}/orders`, query: { number: shipmentId }, timeoutMs: 5000, signal });
        if (res.status === 404) return null;
        ensureOk(res, 'simulated courier');
        const body = res.json<{ id: string }>();
        return { state: 'booked', courierId: body.id, trackNumber: body.id };
      },
    };
  },
});
