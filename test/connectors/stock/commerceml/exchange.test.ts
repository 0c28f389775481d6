import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { basic, fixture, get, makeCtx, MemoryWriter, run1c, text } from './fake-1c.js';

const MAP = {
  'dd306af1-19c9-11e7-80c2-0cc47ab29cd1': 'msk',
  'd2a52d49-19c9-11e7-80c2-0cc47ab29cd1': 'nsk',
  '6abdb0b5-18fd-11e7-80c2-0cc47ab29cd1': 'vvo',
};

async function login(ctx: ReturnType<typeof makeCtx>['ctx']) {
  const [, name, value, sessid] = text(await get(ctx, { type: 'catalog', mode: 'checkauth' }, { authorization: basic('1c', 's3cret') })).split('\n');
  return { cookie: `${name}=${value}`, value: value!, sessid };
}

describe('commerceml exchange protocol', () => {
  it('Should answer checkauth with success, cookie name and value, and set the cookie', async () => {
    const { ctx } = makeCtx();
    const r = await get(ctx, { type: 'catalog', mode: 'checkauth' }, { Authorization: basic('1c', 's3cret') });
    const lines = text(r).split('\n');
    expect(lines[0]).toBe('success');
    expect(lines[1]).toBe('svyazka_1c');
    expect(lines[3]).toBe(`sessid=${lines[2]}`);
    expect(r.headers['set-cookie']).toContain(`svyazka_1c=${lines[2]}`);
  });

  it('Should refuse a wrong password with failure', async () => {
    const { ctx } = makeCtx();
    const r = await run1c(ctx, [], { password: 'nope' });
    expect(r.auth).toBe('failure\nwrong login or password (check the exchange node settings in 1C)');
    expect(text(await get(ctx, { type: 'catalog', mode: 'checkauth' }))).toMatch(/^failure\n/);
  });

  it('Should answer failure without a session, and accept the sessid query parameter instead of the cookie', async () => {
    const { ctx } = makeCtx();
    expect(text(await get(ctx, { type: 'catalog', mode: 'init' }))).toMatch(/^failure\nno valid session/);
    expect(text(await get(ctx, { type: 'catalog', mode: 'init' }, { Cookie: 'svyazka_1c=forged' }))).toMatch(/^failure\n/);
    const { value } = await login(ctx);
    expect(text(await get(ctx, { type: 'catalog', mode: 'init', sessid: value }))).toBe('zip=no\nfile_limit=104857600');
  });

  it('Should expire sessions after sessionTtlSeconds', async () => {
    const { ctx, clock } = makeCtx({ sessionTtlSeconds: 600 });
    const { cookie } = await login(ctx);
    clock.advance(599_000);
    expect(text(await get(ctx, { type: 'catalog', mode: 'init' }, { Cookie: cookie }))).toMatch(/^zip=no/);
    clock.advance(2_000);
    expect(text(await get(ctx, { type: 'catalog', mode: 'init' }, { Cookie: cookie }))).toMatch(/^failure\nno valid session/);
  });

  it('Should answer progress while a long import runs, then success', async () => {
    const writer = new MemoryWriter(['msk', 'nsk', 'vvo'], 150);
    const { ctx } = makeCtx({ warehouseMap: MAP }, writer);
    const r = await run1c(ctx, [{ name: 'offers0_1.xml', data: fixture('offers.request.xml') }]);
    expect(r.progressSeen).toBeGreaterThan(0);
    expect(r.imports[0]).toMatch(/^success\n/);
    expect(writer.qty('msk', 'PM-421-WP')).toBe(376);
  });

  it('Should unpack a zip upload, ignore import_files, and import the files inside', async () => {
    const { ctx, writer } = makeCtx({ warehouseMap: MAP, zip: true });
    const zip = zipSync({ 'import0_1.xml': fixture('import.request.xml'), 'offers0_1.xml': fixture('offers.request.xml'), 'import_files/ab/x.jpg': new Uint8Array([1, 2]) });
    const r = await run1c(ctx, [{ name: 'import_files/ab/x.jpg', data: new Uint8Array([9]) }, { name: 'exchange.zip', data: zip }], {
      chunk: 20_000,
      imports: ['import0_1.xml', 'offers0_1.xml'],
    });
    expect(r.init).toBe('zip=yes\nfile_limit=104857600');
    expect(r.uploads.every((u) => u === 'success')).toBe(true);
    expect(r.imports.map((i) => i.split('\n')[0])).toEqual(['success', 'success']);
    expect(writer.catalog.get('PM-421-WP')?.price).toBe(10000);
    expect(writer.qty('nsk', 'PM-421-LE')).toBe(5);
  });

  it('Should refuse a file name that climbs out of the upload folder', async () => {
    const { ctx } = makeCtx();
    const { cookie } = await login(ctx);
    const r = await get(ctx, { type: 'catalog', mode: 'file', filename: '../../etc/passwd' }, { Cookie: cookie }, new Uint8Array([1]));
    expect(text(r)).toMatch(/^failure\nfile name "..\/..\/etc\/passwd" is not a plain relative name/);
  });

  it('Should accept deactivate and complete, and refuse unknown modes and types', async () => {
    const { ctx } = makeCtx();
    const { cookie } = await login(ctx);
    expect(text(await get(ctx, { type: 'catalog', mode: 'deactivate' }, { Cookie: cookie }))).toBe('success');
    expect(text(await get(ctx, { type: 'catalog', mode: 'complete' }, { Cookie: cookie }))).toBe('success');
    expect(text(await get(ctx, { type: 'catalog', mode: 'dance' }, { Cookie: cookie }))).toMatch(/^failure\nunknown mode "dance"/);
    expect(text(await get(ctx, { type: 'pricelist', mode: 'init' }, { Cookie: cookie }))).toMatch(/^failure\nunknown exchange type/);
  });

  it('Should answer failure for an import of a file never uploaded', async () => {
    const { ctx } = makeCtx();
    const { cookie } = await login(ctx);
    expect(text(await get(ctx, { type: 'catalog', mode: 'import', filename: 'offers.xml' }, { Cookie: cookie }))).toBe(
      'failure\nfile offers.xml was not uploaded in this session',
    );
  });
});
