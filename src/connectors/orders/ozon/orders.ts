import { ConnectorError } from '../../../core/errors.js';
import type { PullResult } from '../../../core/connectors/contract.js';
import { OzonPosting, PostingListV3, PostingListV4 } from './api.js';
import type { OzonConfig } from './config.js';
import type { Window } from './cursor.js';
import { mapPosting, type MapContext } from './map.js';

const DAY = 86_400_000;
export const LIST_PATH = { v4: '/v4/posting/fbs/list', v3: '/v3/posting/fbs/list' } as const;

/** A posting that could not become an order: for the hub's dead-letter list, never dropped silently. */
export interface RejectedPosting {
  externalId: string | undefined;
  reason: string;
  payload: unknown;
}

/** `PullResult` plus the postings that could not be mapped (see README: contract note). */
export interface OzonPullResult extends PullResult {
  rejected: RejectedPosting[];
}

/**
 * The list request for one page of a window. Postings are selected by the time their status last
 * changed, so new postings and status moves both arrive; `since`/`to` (required, at most a year
 * apart) span the year before the window end so that old postings that change still match.
 */
export function toListRequest(win: Window, config: OzonConfig): { path: string; body: Record<string, unknown> } {
  const filter = {
    since: new Date(win.to.getTime() - 364 * DAY).toISOString(),
    to: win.to.toISOString(),
    last_changed_status_date: { from: win.from.toISOString(), to: win.to.toISOString() },
  };
  if (win.api === 'v4') {
    return {
      path: LIST_PATH.v4,
      body: { filter, limit: Math.min(config.pageSize, 100), cursor: typeof win.page === 'string' ? win.page : '', sort_dir: 'ASC', with: { analytics_data: true } },
    };
  }
  return {
    path: LIST_PATH.v3,
    body: { filter, limit: config.pageSize, offset: typeof win.page === 'number' ? win.page : 0, dir: 'asc', with: { analytics_data: true } },
  };
}

export interface PostingPage {
  postings: unknown[];
  hasNext: boolean;
  /** v4 cursor for the next page, when the answer had one. */
  cursor: string | undefined;
}

/** Reads either envelope: v4 at the top level, v3 under `result`. */
export function parseListResponse(json: unknown): PostingPage {
  const v3 = PostingListV3.safeParse(json);
  if (v3.success) return { postings: v3.data.result.postings, hasNext: v3.data.result.has_next ?? false, cursor: undefined };
  const v4 = PostingListV4.safeParse(json);
  if (v4.success) return { postings: v4.data.postings, hasNext: v4.data.has_next ?? false, cursor: v4.data.cursor || undefined };
  throw new ConnectorError('bad_response', `Ozon posting list answer has no postings array: ${JSON.stringify(json)?.slice(0, 200)}`);
}

/** Maps every posting of a page; the ones that cannot be mapped are returned beside the orders. */
export function mapPage(postings: unknown[], ctx: MapContext): Pick<OzonPullResult, 'orders' | 'rejected'> {
  const orders: OzonPullResult['orders'] = [];
  const rejected: RejectedPosting[] = [];
  for (const raw of postings) {
    const wire = OzonPosting.safeParse(raw);
    if (!wire.success) {
      const num = (raw as { posting_number?: unknown } | null)?.posting_number;
      const issues = wire.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      rejected.push({ externalId: typeof num === 'string' ? num : undefined, reason: `Ozon posting does not match the Seller API shape: ${issues}`, payload: raw });
      continue;
    }
    const out = mapPosting(wire.data, ctx);
    if (out.ok) orders.push(out.order);
    else rejected.push({ externalId: out.externalId, reason: out.reason, payload: raw });
  }
  return { orders, rejected };
}

/** Where the next page of this window starts: the v4 cursor, or the v3 offset. */
export function nextPage(win: Window, page: PostingPage): { hasNext: boolean; page?: string | number } {
  if (!page.hasNext) return { hasNext: false };
  if (win.api === 'v4') {
    // Stopping here would skip the rest of the window for good.
    if (!page.cursor) throw new ConnectorError('bad_response', 'Ozon answered has_next: true without a cursor for the next page');
    return { hasNext: true, page: page.cursor };
  }
  const offset = (typeof win.page === 'number' ? win.page : 0) + page.postings.length;
  return page.postings.length > 0 ? { hasNext: true, page: offset } : { hasNext: false };
}
