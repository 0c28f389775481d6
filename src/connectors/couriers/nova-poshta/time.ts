import { localDateTime } from '../../../core/quotes/calendar.js';

const ZONE = 'Europe/Kyiv';
// Building an Intl formatter costs far more than using one (toLocaleDateString builds one per call).
const offsetFormat = new Intl.DateTimeFormat('en', { timeZone: ZONE, timeZoneName: 'longOffset' });

/** `YYYY-MM-DD` in Kyiv for an instant. */
export function kyivDate(at: Date): string {
  return localDateTime(at, ZONE).date;
}

/** `dd.mm.yyyy`, the date format Nova Poshta wants in requests. */
export function npDate(at: Date): string {
  const [y, m, d] = kyivDate(at).split('-');
  return `${d}.${m}.${y}`;
}

/** Whole calendar days from `now` (Kyiv date) to a `YYYY-MM-DD…` date, never negative. */
export function daysUntil(now: Date, date: string): number {
  const from = Date.parse(`${kyivDate(now)}T00:00:00Z`);
  const to = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(to)) return NaN;
  return Math.max(0, Math.round((to - from) / 86_400_000));
}

/** Nova Poshta local time `YYYY-MM-DD HH:MM:SS` (Kyiv) → ISO 8601 with Kyiv's offset at that time. */
export function kyivIso(local: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(local);
  if (!m) return undefined;
  const asUtc = new Date(`${m[1]}T${m[2]}Z`);
  const name = offsetFormat
    .formatToParts(asUtc)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') || '+00:00';
  return `${m[1]}T${m[2]}${offset}`;
}
