import { z } from 'zod';
import { decodeJsonCursor } from '../../../core/connectors/cursor.js';
import type { OzonConfig } from './config.js';

const DAY = 86_400_000;

/**
 * Position of an Ozon pull, stored by the hub as an opaque string. A pass reads one window of
 * status-change time `[from, to]`; `to` is fixed when the window opens so that paging is stable,
 * `page` is the v4 cursor or the v3 offset inside the window.
 */
export const OzonCursor = z.object({
  v: z.literal(1),
  api: z.enum(['v4', 'v3']),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.union([z.string(), z.number().int().nonnegative()]).optional(),
});
export type OzonCursor = z.infer<typeof OzonCursor>;

export interface Window {
  api: 'v4' | 'v3';
  from: Date;
  to: Date;
  page: string | number | undefined;
}

export function decodeCursor(raw: string | undefined): OzonCursor | undefined {
  return decodeJsonCursor(OzonCursor, raw, 'Ozon');
}

export function encodeCursor(c: OzonCursor): string {
  return JSON.stringify(c);
}

/** The window this pass reads: the one in progress, or a new one starting at the cursor. */
export function openWindow(cursor: OzonCursor | undefined, now: Date, config: OzonConfig): Window {
  const api = config.apiVersion;
  const from = cursor ? new Date(cursor.from) : new Date(now.getTime() - config.initialLookbackDays * DAY);
  if (cursor?.to) {
    // A page position is only meaningful to the API version that issued it.
    return { api, from, to: new Date(cursor.to), page: cursor.api === api ? cursor.page : undefined };
  }
  const to = new Date(Math.max(from.getTime(), Math.min(now.getTime(), from.getTime() + config.maxWindowDays * DAY)));
  return { api, from, to, page: undefined };
}

/** Where the next pass starts, and whether it should run at once. */
export function advance(win: Window, next: { hasNext: boolean; page?: string | number }, now: Date, config: OzonConfig): { cursor: string; more: boolean } {
  if (next.hasNext && next.page !== undefined) {
    return { cursor: encodeCursor({ v: 1, api: win.api, from: win.from.toISOString(), to: win.to.toISOString(), page: next.page }), more: true };
  }
  const nextFrom = Math.max(win.from.getTime(), win.to.getTime() - config.overlapMinutes * 60_000);
  // A window cut short by maxWindowDays leaves a backlog that should be read right away.
  const more = win.to.getTime() < now.getTime() - config.overlapMinutes * 60_000;
  return { cursor: encodeCursor({ v: 1, api: win.api, from: new Date(nextFrom).toISOString() }), more };
}
