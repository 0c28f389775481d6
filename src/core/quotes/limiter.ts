import { ConnectorError } from '../errors.js';

interface Waiter {
  grant(): void;
  timer: NodeJS.Timeout;
}

interface Slots {
  active: number;
  queue: Waiter[];
}

/**
 * In-flight calls per connector in this process (a semaphore each). A slot is held until the
 * adapter's promise settles, not merely until the engine stops waiting for it, so a slow courier
 * never has more than its limit of calls open. Waiting counts against the request deadline.
 */
export class ConnectorLimiter {
  private readonly slots = new Map<string, Slots>();

  constructor(private readonly limitFor: (connectorId: string) => number) {}

  /** A release function (safe to call twice), or a `timeout` ConnectorError at `deadlineAt`. */
  acquire(connectorId: string, deadlineAt: number): Promise<() => void> {
    let s = this.slots.get(connectorId);
    if (!s) this.slots.set(connectorId, (s = { active: 0, queue: [] }));
    const slots = s;
    const limit = this.limitFor(connectorId);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      slots.active--;
      while (slots.active < limit && slots.queue.length) {
        const next = slots.queue.shift()!;
        clearTimeout(next.timer);
        slots.active++;
        next.grant();
      }
    };
    if (slots.active < limit) {
      slots.active++;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => resolve(release),
        timer: setTimeout(() => {
          slots.queue.splice(slots.queue.indexOf(waiter), 1);
          reject(new ConnectorError('timeout', `all ${limit} connections this hub keeps to the courier stayed busy until the deadline`));
        }, Math.max(0, deadlineAt - Date.now())),
      };
      slots.queue.push(waiter);
    });
  }

  inFlight(connectorId: string): number {
    return this.slots.get(connectorId)?.active ?? 0;
  }
}
