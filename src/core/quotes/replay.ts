/** What makes a remembered answer stale besides time: the config it was built under. */
export interface ReplayStamp {
  /** Connector config generation in this process (ConnectorService.generation). */
  connectors: number;
  /** Warehouse changes made in this process (WarehouseStore.generation). */
  warehouses: number;
  /** The hub clock's minute: ship dates are worked out per minute (cut-off times). */
  minute: number;
}

interface Entry {
  /** The answer's bytes: a string would be encoded again for every write. */
  answer: Uint8Array<ArrayBuffer>;
  /** Epoch ms (real time, like the Redis TTLs of the courier answers it was built from). */
  until: number;
  stamp: ReplayStamp;
  couriers: string[];
}

export interface ReplayOptions {
  /** Longest time an answer is replayed, ms; 0 turns replay off. @defaultValue 1000 */
  maxMs: number;
  /** Request bodies longer than this are not remembered. @defaultValue 4096 */
  maxKeyLength: number;
  /** Answers remembered at once; the oldest goes first. @defaultValue 1000 */
  maxEntries: number;
}

export const DEFAULT_REPLAY: ReplayOptions = { maxMs: 1000, maxKeyLength: 4096, maxEntries: 1000 };

/**
 * Serialised answers to byte-identical quote requests, kept in this process for about a second.
 * Only answers built wholly from cached courier answers are kept, never longer than those
 * answers stay cached, and never across a config change made here or a change of the clock's
 * minute. A CRM that asks the same question again and again (a manager reloading a form, a
 * checkout polling) is then answered without Redis, JSON or schema work. Another hub process's
 * config change reaches this one within `maxMs`, as WarehouseStore.recentIds does.
 */
export class QuoteReplay {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: ReplayOptions = DEFAULT_REPLAY) {}

  get enabled(): boolean {
    return this.opts.maxMs > 0;
  }

  /** Whether a request body of this many UTF-8 bytes may have a remembered answer (3 bytes at most per UTF-16 unit). */
  mayHold(bytes: number): boolean {
    return this.enabled && bytes <= 3 * this.opts.maxKeyLength;
  }

  /** The remembered answer to this request body and the couriers it came from, if still good. */
  recall(request: string, stamp: ReplayStamp): Entry | undefined {
    const e = this.entries.get(request);
    if (!e) return undefined;
    if (e.until <= Date.now() || !sameStamp(e.stamp, stamp)) {
      this.entries.delete(request);
      return undefined;
    }
    return e;
  }

  /** `until`: when the cached courier answers behind it expire (epoch ms). */
  remember(request: string, answer: string, until: number, stamp: ReplayStamp, couriers: string[]): void {
    if (!this.enabled || request.length > this.opts.maxKeyLength) return;
    const at = Math.min(until, Date.now() + this.opts.maxMs);
    if (at <= Date.now()) return;
    this.entries.delete(request);
    if (this.entries.size >= this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(request, { answer: new Uint8Array(Buffer.from(answer)), until: at, stamp, couriers });
  }
}

const sameStamp = (a: ReplayStamp, b: ReplayStamp) => a.connectors === b.connectors && a.warehouses === b.warehouses && a.minute === b.minute;
