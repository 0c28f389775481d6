import type { DayRange, Warehouse } from '../model/index.js';
import { localDateTime, type BusinessCalendar } from './calendar.js';

/**
 * The day a warehouse hands an order confirmed at `now` to the courier: today if it is a business
 * day and before the cut-off, else the next business day; then `handlingDays` business days on.
 */
export function shipOn(warehouse: Pick<Warehouse, 'timezone' | 'cutoff' | 'handlingDays'>, now: Date, calendar: BusinessCalendar): string {
  const local = localDateTime(now, warehouse.timezone);
  let day = local.date;
  if (!calendar.isBusinessDay(day) || local.time >= warehouse.cutoff) day = calendar.add(day, 1, true);
  return calendar.add(day, warehouse.handlingDays, true);
}

/** Delivery window from the ship date and the courier's day range, counted as the courier counts. */
export function deliveryDates(ship: string, days: DayRange, dayKind: 'business' | 'calendar', calendar: BusinessCalendar) {
  const business = dayKind === 'business';
  return { shipOn: ship, from: calendar.add(ship, days.min, business), to: calendar.add(ship, days.max, business) };
}
