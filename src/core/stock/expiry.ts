import type { Hub } from '../hub.js';

export interface SweepResult {
  /** Orders cancelled because their reservation ran out while still `confirmed`. */
  cancelled: string[];
  /** Reservations released without a move (order already cancelled, or gone). */
  released: string[];
  /** Orders past `confirmed` whose expiry was dropped: they keep their stock. */
  kept: string[];
  failed: string[];
}

/**
 * Releases reservations that expired by `now`. An order still `confirmed` is cancelled (the
 * pipeline has no way back to `new`, and `cancelled` is what releases a reservation), so the
 * stock returns and the CRM sees why. An order that already moved on keeps its stock.
 */
export async function sweepExpiredReservations(hub: Hub, now: Date, batch = 100): Promise<SweepResult> {
  const out: SweepResult = { cancelled: [], released: [], kept: [], failed: [] };
  const seen = new Set<string>();
  for (;;) {
    const ids = (await hub.stock.expiredReservations(now, batch + seen.size)).filter((id) => !seen.has(id));
    if (!ids.length) break;
    for (const id of ids) {
      seen.add(id);
      try {
        const order = await hub.orders.find(id);
        if (order?.status === 'confirmed') {
          await hub.workflow.setStatus(id, 'cancelled', 'reservation expired', now);
          out.cancelled.push(id);
        } else if (!order || order.status === 'cancelled' || order.status === 'new') {
          await hub.stock.release(id);
          out.released.push(id);
        } else {
          await hub.stock.clearExpiry(id);
          out.kept.push(id);
        }
      } catch (err) {
        // Left in the expiry set: the next sweep tries again.
        hub.logger.error({ orderId: id, err: err instanceof Error ? err.message : String(err) }, 'could not release an expired reservation');
        out.failed.push(id);
      }
    }
  }
  if (out.cancelled.length || out.released.length) hub.logger.info({ cancelled: out.cancelled.length, released: out.released.length, kept: out.kept.length }, 'expired reservations released');
  return out;
}
