import { HOLIDAYS, type HolidayTable } from './holidays/index.js';

/** Business days of one country: weekends and holidays off, transferred weekends on. */
export class BusinessCalendar {
  private readonly off: Set<string>;
  private readonly on: Set<string>;
  private readonly sums = new Map<string, string>();

  /** Years the table lists holidays for; an empty table (no holidays at all, as UA's) lists none on purpose. */
  private readonly years: Set<string>;

  constructor(table: HolidayTable = { holidays: [], workingWeekends: [] }) {
    this.off = new Set(table.holidays);
    this.on = new Set(table.workingWeekends);
    this.years = new Set(table.holidays.map((d) => d.slice(0, 4)));
  }

  /**
   * False when the table has holidays for other years but none for `date`'s: dates in that year
   * count only weekends as days off, which is wrong for a country with public holidays.
   */
  covers(date: string): boolean {
    return this.years.size === 0 || this.years.has(date.slice(0, 4));
  }

  static forCountry(country: string, overrides: Record<string, HolidayTable> = {}): BusinessCalendar {
    return new BusinessCalendar(overrides[country] ?? HOLIDAYS[country]);
  }

  isBusinessDay(date: string): boolean {
    if (this.on.has(date)) return true;
    if (this.off.has(date)) return false;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /** `date` plus `n` days, counting only business days when `business`; n = 0 gives `date` itself. */
  add(date: string, n: number, business: boolean): string {
    // Every quote asks the same few sums (today's ship date plus each courier's day range), and
    // walking day by day through Date objects was a fifth of a cached quote's time.
    const key = `${date}|${n}|${business ? 1 : 0}`;
    let d = this.sums.get(key);
    if (d === undefined) {
      if (this.sums.size >= 10_000) this.sums.clear();
      this.sums.set(key, (d = this.walk(date, n, business)));
    }
    return d;
  }

  private walk(date: string, n: number, business: boolean): string {
    let d = date;
    for (let left = n; left > 0; ) {
      d = nextDay(d);
      if (!business || this.isBusinessDay(d)) left--;
    }
    return d;
  }

  /** `date` if it is a business day, else the next one. */
  onOrAfter(date: string): string {
    let d = date;
    while (!this.isBusinessDay(d)) d = nextDay(d);
    return d;
  }
}

export function nextDay(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Local date and `HH:MM` of an instant in a time zone. */
const minutes = new Map<string, { date: string; time: string }>();

export function localDateTime(at: Date, timeZone: string): { date: string; time: string } {
  // Offsets change on whole minutes at most, so one answer per zone and minute is exact; every
  // quote asks for "now" in the warehouse's zone, and formatToParts is slow.
  const key = `${timeZone}|${Math.floor(at.getTime() / 60_000)}`;
  let hit = minutes.get(key);
  if (!hit) {
    if (minutes.size >= 1_000) minutes.clear();
    minutes.set(key, (hit = formatLocal(at, timeZone)));
  }
  return hit;
}

function formatLocal(at: Date, timeZone: string): { date: string; time: string } {
  let fmt = formats.get(timeZone);
  // Building a formatter costs far more than using one: keep one per zone.
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
