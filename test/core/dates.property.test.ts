import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, localDateTime } from '../../src/core/quotes/calendar.js';
import { deliveryDates, shipOn } from '../../src/core/quotes/dates.js';
import { buildParcel } from '../../src/core/quotes/parcels.js';

// Properties over the whole of 2025–2027: what a manager promises must hold on any day, not just
// the days an example test happens to pick.
const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T23:59:59Z'), noInvalidDate: true });
const zone = fc.constantFrom('Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Vladivostok', 'Europe/Kyiv', 'Europe/Kaliningrad');
const cutoff = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const ru = BusinessCalendar.forCountry('RU');
const ua = BusinessCalendar.forCountry('UA');

describe('delivery dates (property-based)', () => {
  it('ships on a business day, never before the local date of the order, and after it once past the cut-off', () => {
    fc.assert(
      fc.property(instant, zone, cutoff, fc.integer({ min: 0, max: 5 }), fc.constantFrom(ru, ua), (now, timezone, cut, handlingDays, cal) => {
        const local = localDateTime(now, timezone);
        const ship = shipOn({ timezone, cutoff: cut, handlingDays }, now, cal);
        expect(cal.isBusinessDay(ship)).toBe(true);
        expect(ship >= local.date).toBe(true);
        if (local.time >= cut || handlingDays > 0) expect(ship > local.date).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a window with from ≤ to, at least min calendar days after shipping, on business days when the courier counts them', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.boolean(), (now, a, b, business) => {
        const ship = shipOn({ timezone: 'Europe/Moscow', cutoff: '15:00', handlingDays: 0 }, now, ru);
        const days = { min: Math.min(a, b), max: Math.max(a, b) };
        const d = deliveryDates(ship, days, business ? 'business' : 'calendar', ru);
        expect(d.from <= d.to).toBe(true);
        const calendarDays = (x: string) => (Date.parse(x) - Date.parse(ship)) / 86_400_000;
        expect(calendarDays(d.from)).toBeGreaterThanOrEqual(days.min);
        if (!business) expect(calendarDays(d.to)).toBe(days.max);
        if (business && days.min > 0) expect(ru.isBusinessDay(d.from)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parcels (property-based)', () => {
  const item = fc.record({ weight: fc.integer({ min: 1, max: 30_000 }), length: fc.integer({ min: 1, max: 150 }), width: fc.integer({ min: 1, max: 150 }), height: fc.integer({ min: 1, max: 150 }) });
  it('weighs what its units weigh, and every unit fits its footprint', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ qty: fc.integer({ min: 1, max: 20 }), item }), { minLength: 1, maxLength: 8 }), (lines) => {
        const p = buildParcel(lines.map((l) => ({ qty: l.qty, item: { sku: 'X', name: 'x', ...l.item } as never })));
        expect(p.weight).toBe(lines.reduce((s, l) => s + l.item.weight * l.qty, 0));
        for (const { item: i } of lines) {
          const [big, mid, small] = [i.length, i.width, i.height].sort((x, y) => y - x) as [number, number, number];
          expect(p.length).toBeGreaterThanOrEqual(big);
          expect(p.width).toBeGreaterThanOrEqual(mid);
          expect(p.height).toBeGreaterThanOrEqual(small);
        }
      }),
    );
  });
});
