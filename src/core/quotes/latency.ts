const SAMPLES = 64;

/** The last answers' latencies per connector in this process, for "is there room to retry". */
export class LatencyTracker {
  private readonly rings = new Map<string, { ms: number[]; next: number }>();

  record(connectorId: string, ms: number): void {
    let r = this.rings.get(connectorId);
    if (!r) this.rings.set(connectorId, (r = { ms: [], next: 0 }));
    r.ms[r.next] = ms;
    r.next = (r.next + 1) % SAMPLES;
  }

  /** Median of the recent answers, or undefined before the first one. */
  median(connectorId: string): number | undefined {
    const ms = this.rings.get(connectorId)?.ms;
    if (!ms?.length) return undefined;
    const sorted = [...ms].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}
