import { z } from 'zod';
import { decodeJsonCursor } from '../../../core/connectors/cursor.js';
import type { WildberriesConfig } from './config.js';

const DAY_S = 86_400;
/** `/api/v3/orders` accepts at most 30 calendar days per request. */
const MAX_SPAN_S = 30 * DAY_S;

/**
 * Position of a WB pull, stored by the hub as an opaque string. A pass opens a window of creation
 * time `[from, to]` (unix seconds, `to` fixed while paging): first the `new` phase reads
 * `/api/v3/orders/new`, then the `list` phase pages `/api/v3/orders` with WB's `next`.
 */
export const WbCursor = z.object({
  v: z.literal(1),
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative().optional(),
  phase: z.literal('list').optional(),
  next: z.number().int().nonnegative().optional(),
});
export type WbCursor = z.infer<typeof WbCursor>;

export interface Window {
  from: number;
  to: number;
  phase: 'new' | 'list';
  next: number;
}

export function decodeCursor(raw: string | undefined): WbCursor | undefined {
  return decodeJsonCursor(WbCursor, raw, 'Wildberries');
}

export function openWindow(cursor: WbCursor | undefined, now: Date, config: WildberriesConfig): Window {
  const nowS = Math.floor(now.getTime() / 1000);
  if (cursor?.to !== undefined) return { from: cursor.from, to: cursor.to, phase: cursor.phase ?? 'new', next: cursor.next ?? 0 };
  const from = cursor ? cursor.from : nowS - config.initialLookbackDays * DAY_S;
  const to = Math.max(from, Math.min(nowS, from + config.maxWindowDays * DAY_S));
  return { from, to, phase: 'new', next: 0 };
}

/** `dateFrom` of the list request: the window start minus the recheck period, within WB's 30 days. */
export function listFrom(win: Window, config: WildberriesConfig): number {
  return Math.max(win.from - config.recheckDays * DAY_S, win.to - MAX_SPAN_S + 1, 0);
}

export function inWindow(win: Window, phase: 'list', next: number): { cursor: string; more: true } {
  return { cursor: JSON.stringify({ v: 1, from: win.from, to: win.to, phase, next } satisfies WbCursor), more: true };
}

/** The window is read: the next starts `overlapMinutes` before its end; `more` when a backlog remains. */
export function afterWindow(win: Window, now: Date, config: WildberriesConfig): { cursor: string; more: boolean } {
  const overlap = config.overlapMinutes * 60;
  const nextFrom = Math.max(win.from, win.to - overlap);
  const more = win.to < Math.floor(now.getTime() / 1000) - overlap;
  return { cursor: JSON.stringify({ v: 1, from: nextFrom } satisfies WbCursor), more };
}
