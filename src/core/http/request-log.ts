import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** A request id given by the caller is kept when it looks like one. */
const REQUEST_ID = /^[\w\-=]{1,255}$/;

/** The caller's `x-request-id` when it looks like one, else a new one. */
export function requestIdOf(given: string | undefined): string {
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export interface AnsweredRequest {
  id: string;
  method: string;
  path: string;
  /** Route pattern, or `unmatched`: the histogram's label, bounded where paths are not. */
  route: string;
  status: number;
  ms: number;
}

/** One latency observation by route, and one log line (none for health checks and scrapes). */
export function recordRequest(rt: { metrics: Metrics; logger: Logger }, r: AnsweredRequest): void {
  rt.metrics.httpDuration.observe({ method: r.method, route: r.route, status: String(r.status) }, r.ms / 1000);
  const level = r.status >= 500 ? 'error' : 'info';
  if (rt.logger.isLevelEnabled(level) && r.path !== '/healthz' && r.path !== '/metrics') {
    rt.logger[level]({ requestId: r.id, method: r.method, path: r.path, status: r.status, ms: Math.round(r.ms * 10) / 10 }, 'request');
  }
}
