import { describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../../src/core/auth/keys.js';
import { useTestHub } from '../../helpers/hub.js';

const t = useTestHub({ demo: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('API keys remembered per connection', () => {
  it('check a different key on the same connection, and drop a key revoked here at once', async () => {
    const store = t.hub.apiKeys;
    const { key, record } = await store.create('crm', ['quotes'], new Date());
    const connection = {};
    expect((await store.authenticate(key, connection))?.id).toBe(record.id);
    expect(await store.authenticate('svz_not-a-key', connection)).toBeUndefined();
    expect((await store.authenticate(key, connection))?.id).toBe(record.id);
    await store.delete(record.id);
    expect(await store.authenticate(key, connection)).toBeUndefined();
  });

  it('trust a key revoked through another process no longer than authenticate does', async () => {
    const here = new ApiKeyStore(t.hub.redis, t.hub.keys, 300);
    const elsewhere = new ApiKeyStore(t.hub.redis, t.hub.keys, 300);
    const { key, record } = await here.create('crm', ['quotes'], new Date());
    // Verified now, so trusted until about 300 ms from now, however it is asked for later.
    expect(await here.authenticate(key)).toBeDefined();
    await elsewhere.delete(record.id);
    await sleep(200);
    const connection = {};
    expect((await here.authenticate(key, connection))?.id).toBe(record.id);
    await sleep(150);
    expect(await here.authenticate(key, connection)).toBeUndefined();
    expect(await here.authenticate(key)).toBeUndefined();
  });
});
