import { describe, expect, it } from 'vitest';
import { withoutSecrets } from '../../src/core/orders/dead-letters.js';

describe('dead letters keep no credentials', () => {
  it('drops auth headers, credential query parameters and body fields, and keeps the lead', () => {
    const stored = withoutSecrets({
      method: 'POST',
      headers: { authorization: 'Bearer svz_abc', 'x-signature': 'deadbeef', 'api-key': 'k', cookie: 's=1', 'content-type': 'application/json', 'x-forwarded-for': '1.2.3.4' },
      query: { token: 'q-secret', sub1: 'tiktok' },
      body: JSON.stringify({ id: 'L-1', author: 'Иван', api_key: 'b-secret', order: { token: 'nested-secret', phone: '+7 916 123-45-67' } }),
    });
    expect(stored.headers).toEqual({ 'content-type': 'application/json' });
    expect(stored.query).toEqual({ sub1: 'tiktok' });
    expect(JSON.parse(stored.body)).toEqual({ id: 'L-1', author: 'Иван', order: { phone: '+7 916 123-45-67' } });
  });

  it('drops credential fields of a form body', () => {
    const stored = withoutSecrets({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, query: {}, body: 'key=webmaster-secret&id=17&sign=abc&order%5Btoken%5D=t&name=x' });
    expect(new URLSearchParams(stored.body).toString()).toBe('id=17&name=x');
  });
});
