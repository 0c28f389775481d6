import { z } from 'zod';
import { ConnectorError } from '../../../core/errors.js';

/** Market allows at most 30 days between updatedAtFrom and updatedAtTo. */
export const MAX_WINDOW_MS = 30 * 24 * 3600_000;
/** Each window re-reads the last minutes of the previous one: Market indexes updates with a lag. */
export const OVERLAP_MS = 5 * 60_000;
export const PAGE_LIMIT = 50;

const Cursor = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }).optional(), pageToken: z.string().optional() });
/** Position of the backstop pull: the window being read and, mid-window, the next page token. */
export type PullCursor = z.infer<typeof Cursor>;

export function decodeCursor(cursor: string | undefined, now: Date, lookbackDays: number): PullCursor {
  if (!cursor) return { from: new Date(now.getTime() - lookbackDays * 24 * 3600_000).toISOString() };
  try {
    return Cursor.parse(JSON.parse(cursor));
  } catch {
    throw new ConnectorError('config', `Yandex Market pull cursor is unreadable (${cursor.slice(0, 80)}); reset the connector's cursor`);
  }
}

export function encodeCursor(c: PullCursor): string {
  return JSON.stringify(c);
}

/** The window to read: the cursor's, or from its start to at most 30 days later, never past now. */
export function windowOf(c: PullCursor, now: Date): { from: string; to: string } {
  if (c.to) return { from: c.from, to: c.to };
  const end = Math.min(Date.parse(c.from) + MAX_WINDOW_MS, now.getTime());
  return { from: c.from, to: new Date(Math.max(end, Date.parse(c.from))).toISOString() };
}

/** Query of GET /v2/campaigns/{campaignId}/orders for one page (updatedAtTo is exclusive). */
export function toOrdersQuery(w: { from: string; to: string }, pageToken: string | undefined, fake: boolean) {
  return { updatedAtFrom: w.from, updatedAtTo: w.to, limit: PAGE_LIMIT, page_token: pageToken, ...(fake ? { fake: true } : {}) };
}

/** After a window is read completely: the next one starts at its end, minus the overlap. */
export function nextWindowCursor(w: { from: string; to: string }, now: Date): { cursor: PullCursor; more: boolean } {
  const to = Date.parse(w.to);
  const from = Math.max(Date.parse(w.from), to - OVERLAP_MS);
  // More is waiting when the window was cut at 30 days, not at now.
  return { cursor: { from: new Date(from).toISOString() }, more: to < now.getTime() - OVERLAP_MS };
}
