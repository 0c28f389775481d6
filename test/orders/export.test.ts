import { describe, expect, it } from 'vitest';
import type { OrderInput } from '../../src/core/model/index.js';
import { OrderExportLog } from '../../src/core/orders/export.js';
import { orderBody, useTestHub } from '../helpers/hub.js';

const t = useTestHub();

describe('order export log', () => {
  it('hands out the oldest unacknowledged orders first, up to the limit, across more orders than one slice checks', async () => {
    await t.hub.stock.replaceWarehouses(new Map([['main', new Map([['EXP-1', 10_000]])]]));
    const ids: string[] = [];
    for (let i = 0; i < 2300; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 0, 0, i));
      const id = (await t.hub.orders.intake(orderBody(`EXP-${i}`, [{ sku: 'EXP-1', qty: 1 }]) as OrderInput, at)).order.id;
      await t.hub.workflow.confirm(id, at);
      ids.push(id);
    }
    const log = new OrderExportLog(t.hub.redis, t.hub.keys, t.hub.orders);
    const first = await log.pending('erp', 500);
    expect(first.map((o) => o.id)).toEqual(ids.slice(0, 500));
    // The consumer took the first 1,900: the next are found in the second and third slices.
    const taken = await Promise.all(ids.slice(0, 1900).map((id) => t.hub.orders.get(id)));
    await log.markExported('erp', taken);
    expect((await log.pending('erp', 500)).map((o) => o.id)).toEqual(ids.slice(1900, 2300));
    // A move after the export offers the order again, in its place by age.
    await t.hub.workflow.setStatus(ids[5]!, 'booking', 'test', t.clock.now());
    expect((await log.pending('erp', 2)).map((o) => o.id)).toEqual([ids[5], ids[1900]]);
  }, 60_000);
});
