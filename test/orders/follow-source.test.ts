import { describe, expect, it } from 'vitest';
import { IntakeService } from '../../src/core/orders/intake.js';
import { orderBody, useTestHub } from '../helpers/hub.js';

const t = useTestHub();

/** What a marketplace feed hands the intake: the canonical order with the platform's status mapped. */
const fromPlatform = (externalId: string, hubStatus: string, lines = [{ sku: 'MUG-CLASSIC', qty: 2 }]) => ({
  ...orderBody(externalId, lines),
  source: 'mp',
  sourceData: { status: `platform:${hubStatus}`, hubStatus },
});

const stock = async (sku: string) => (await t.call('GET', `/v1/stock?sku=${sku}`)).body as { onHand: number; reserved: number };

describe('platform statuses on orders the platform ships itself', () => {
  it('walks a new order to in_transit and delivered, reserving and then consuming its stock', async () => {
    const intake = new IntakeService(t.hub);
    const before = await stock('MUG-CLASSIC');
    const [created] = (await intake.ingest('mp', [fromPlatform('MP-1', 'new')])).results;
    expect(created!.order.status).toBe('new');

    const [shipped] = (await intake.ingest('mp', [fromPlatform('MP-1', 'in_transit')])).results;
    expect(shipped).toMatchObject({ created: false, followed: 'in_transit' });
    expect(shipped!.order.history.map((h) => h.status)).toEqual(['new', 'confirmed', 'booking', 'booked', 'in_transit']);
    const after = await stock('MUG-CLASSIC');
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.reserved).toBe(before.reserved);

    const [delivered] = (await intake.ingest('mp', [fromPlatform('MP-1', 'delivered')])).results;
    expect(delivered!.order.status).toBe('delivered');
    expect(await stock('MUG-CLASSIC')).toEqual(after);
  });

  it('leaves an order new, reserving nothing, when the stock is too short to walk it', async () => {
    const intake = new IntakeService(t.hub);
    const before = await stock('HOODIE-GRY-L');
    const [res] = (await intake.ingest('mp', [fromPlatform('MP-2', 'delivered', [{ sku: 'HOODIE-GRY-L', qty: 50 }])])).results;
    expect(res!.order.status).toBe('new');
    expect(res!.skipped).toContain('not enough stock');
    expect(await stock('HOODIE-GRY-L')).toEqual(before);
  });

  it('does not move an order backwards: a cancellation after shipping is skipped', async () => {
    const intake = new IntakeService(t.hub);
    await intake.ingest('mp', [fromPlatform('MP-3', 'in_transit')]);
    const [res] = (await intake.ingest('mp', [fromPlatform('MP-3', 'cancelled')])).results;
    expect(res!.order.status).toBe('in_transit');
    expect(res!.skipped).toContain('cannot move');
  });
});
