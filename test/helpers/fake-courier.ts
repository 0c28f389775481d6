import { z } from 'zod';
import { defineCourier, type BookingResult, type TrackUpdate } from '../../src/core/connectors/contract.js';
import { ConnectorError } from '../../src/core/errors.js';

/** What a fake courier does on its next `book` calls, in order; then it books normally. */
export type Fault =
  | 'ok'
  | 'http503' // fails before creating
  | 'timeout-after-create' // creates, then the answer is lost
  | 'reject' // validation error
  | 'hang-after-create'; // creates, then never answers (the worker is killed meanwhile)

/** The courier's side of the world: its bookings, and the faults to inject. */
export class FakeCourierBackend {
  bookings = new Map<string, { courierId: string; calls: number }>();
  bookCalls = 0;
  findCalls = 0;
  faults: Fault[] = [];
  latencyMs = 0;
  statuses = new Map<string, TrackUpdate['status']>();
  cancelled = new Set<string>();
  /** Booking the same client number twice is what exactly-once forbids. */
  duplicates = 0;

  create(shipmentId: string): BookingResult {
    const existing = this.bookings.get(shipmentId);
    if (existing) {
      existing.calls++;
      this.duplicates++;
      return { state: 'booked', courierId: existing.courierId, trackNumber: `T-${shipmentId}` };
    }
    const courierId = `C-${this.bookings.size + 1}`;
    this.bookings.set(shipmentId, { courierId, calls: 1 });
    return { state: 'booked', courierId, trackNumber: `T-${shipmentId}` };
  }
}

export const backends = new Map<string, FakeCourierBackend>();

export function fakeBackend(name: string): FakeCourierBackend {
  let b = backends.get(name);
  if (!b) backends.set(name, (b = new FakeCourierBackend()));
  return b;
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((res) => { const t = setTimeout(res, ms); signal?.addEventListener('abort', () => { clearTimeout(t); res(); }); });

export const fakeCourier = defineCourier({
  type: 'fake-courier',
  title: 'Fake courier for tests',
  configSchema: z.object({ backend: z.string() }),
  secretFields: [],
  create(config) {
    const b = fakeBackend(config.backend);
    return {
      async quote() {
        return { rates: [] };
      },
      async book(req) {
        b.bookCalls++;
        if (b.latencyMs) await sleep(b.latencyMs);
        const fault = b.faults.shift() ?? 'ok';
        if (fault === 'http503') throw new ConnectorError('provider_error', 'Fake answered HTTP 503');
        if (fault === 'reject') return { state: 'rejected', message: 'Fake: recipient phone is invalid' };
        const result = b.create(req.shipmentId);
        if (fault === 'timeout-after-create') throw new ConnectorError('timeout', 'POST /orders timed out', { ambiguous: true });
        if (fault === 'hang-after-create') await new Promise(() => undefined);
        return result;
      },
      async findBooking(shipmentId) {
        b.findCalls++;
        const found = b.bookings.get(shipmentId);
        return found ? { state: 'booked', courierId: found.courierId, trackNumber: `T-${shipmentId}` } : null;
      },
      async cancel(ref) {
        if (!b.bookings.has(ref.shipmentId)) throw new ConnectorError('invalid_request', 'Fake: no such shipment');
        b.cancelled.add(ref.shipmentId);
      },
      async track(refs) {
        return refs.flatMap((r) => {
          const status = b.statuses.get(r.shipmentId);
          return status ? [{ shipmentId: r.shipmentId, status, code: status.toUpperCase(), description: status, at: new Date().toISOString() }] : [];
        });
      },
    };
  },
});
