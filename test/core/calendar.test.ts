import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../src/core/quotes/calendar.js';
import { deliveryDates, shipOn } from '../../src/core/quotes/dates.js';

const ru = BusinessCalendar.forCountry('RU');
const wh = { timezone: 'Europe/Moscow', cutoff: '15:00', handlingDays: 0 };

describe('business calendar', () => {
  it('skips weekends and Russian holidays, and works transferred Saturdays', () => {
    expect(ru.isBusinessDay('2026-11-04')).toBe(false); // Day of National Unity
    expect(ru.isBusinessDay('2026-11-07')).toBe(false); // Saturday
    expect(ru.isBusinessDay('2025-11-01')).toBe(true); // Saturday made working by decree
    expect(ru.add('2026-12-30', 1, true)).toBe('2027-01-11'); // 31 Dec and the January holidays
    expect(ru.add('2026-12-30', 1, false)).toBe('2026-12-31');
  });

  it('ships today before the cut-off in the warehouse zone, tomorrow after it', () => {
    expect(shipOn(wh, new Date('2026-11-23T11:59:00Z'), ru)).toBe('2026-11-23'); // 14:59 Moscow
    expect(shipOn(wh, new Date('2026-11-23T12:00:00Z'), ru)).toBe('2026-11-24'); // 15:00 Moscow
    expect(shipOn({ ...wh, timezone: 'Asia/Vladivostok' }, new Date('2026-11-23T05:00:00Z'), ru)).toBe('2026-11-24'); // 15:00 there
    expect(shipOn(wh, new Date('2026-11-03T09:00:00Z'), ru)).toBe('2026-11-03');
    expect(shipOn({ ...wh, handlingDays: 1 }, new Date('2026-11-03T09:00:00Z'), ru)).toBe('2026-11-05'); // over the 4 Nov holiday
  });

  it('counts courier days as the courier does', () => {
    expect(deliveryDates('2026-11-27', { min: 1, max: 3 }, 'business', ru)).toEqual({ shipOn: '2026-11-27', from: '2026-11-30', to: '2026-12-02' });
    expect(deliveryDates('2026-11-27', { min: 1, max: 3 }, 'calendar', ru)).toEqual({ shipOn: '2026-11-27', from: '2026-11-28', to: '2026-11-30' });
  });

  it('treats Ukrainian holidays as working days under martial law, and accepts overrides', () => {
    expect(BusinessCalendar.forCountry('UA').isBusinessDay('2026-08-24')).toBe(true);
    const custom = BusinessCalendar.forCountry('UA', { UA: { holidays: ['2026-08-24'], workingWeekends: [] } });
    expect(custom.isBusinessDay('2026-08-24')).toBe(false);
  });
});
