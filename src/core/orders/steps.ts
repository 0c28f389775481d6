import { ORDER_TRANSITIONS, type OrderStatus } from '../model/index.js';

/** The forward path of DESIGN.md's pipeline. */
const FORWARD: readonly OrderStatus[] = ['new', 'confirmed', 'booking', 'booked', 'in_transit', 'delivered'];

/**
 * The statuses to pass through from `from` to `to`: the direct move when the pipeline allows it,
 * else the forward steps in between (`returned` by way of `in_transit`). Anything else is tried
 * directly, so the pipeline itself refuses it. For systems that move an order along outside the
 * hub (a marketplace that ships it, 1C that marks it shipped): walking the steps reserves stock
 * at `confirmed` and consumes it at `in_transit`, as if the hub had made each move.
 */
export function stepsTo(from: OrderStatus, to: OrderStatus): OrderStatus[] {
  if (ORDER_TRANSITIONS[from].includes(to)) return [to];
  const target = to === 'returned' ? 'in_transit' : to;
  const a = FORWARD.indexOf(from);
  const b = FORWARD.indexOf(target);
  if (a < 0 || b <= a) return [to];
  const path = FORWARD.slice(a + 1, b + 1);
  return to === 'returned' ? [...path, 'returned'] : path;
}
