import iconv from 'iconv-lite';

/** Anything that answers a Fetch request: `app.request` in tests, `fetch` against a real server. */
export type Send = (path: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array }) => Promise<Response>;

export interface OneCRun {
  auth: string;
  init: string;
  uploads: string[];
  /** The final answer per imported file (after any `progress`). */
  imports: string[];
  progressSeen: number;
  cookie?: string;
}

/** The same file re-encoded to windows-1251, with the declaration saying so. */
export function toCp1251(utf8: Uint8Array): Uint8Array {
  const text = Buffer.from(utf8).toString('utf8').replace(/^\uFEFF/, '').replace(/encoding="UTF-8"/i, 'encoding="windows-1251"');
  return iconv.encode(text, 'win1251');
}

/** warehouseMap for the UT 11 samples in shared/samples/commerceml (their three Склады). */
export const UT11_WAREHOUSES = {
  'dd306af1-19c9-11e7-80c2-0cc47ab29cd1': 'msk',
  'd2a52d49-19c9-11e7-80c2-0cc47ab29cd1': 'nsk',
  '6abdb0b5-18fd-11e7-80c2-0cc47ab29cd1': 'vvo',
};

/** Every 1C warehouse the CommerceML 3.1 rests.xml reports: Moscow on its own, the other eleven summed into main. */
export const CML3_WAREHOUSES = Object.fromEntries(
  [
    'be3dfd89-0ac5-11e1-84f0-00241d886595', 'a2975786-af00-11de-9055-00155d3ebc00', '32e5013c-2268-11e2-93ed-00155d010202',
    '188b135d-a5a8-11e6-9480-00155d020201', '188b135e-a5a8-11e6-9480-00155d020201', '188b135f-a5a8-11e6-9480-00155d020201',
    'a8aa0575-1862-11de-9d9d-001a4d4b12d9', 'a8aa0576-1862-11de-9d9d-001a4d4b12d9', 'a8aa0578-1862-11de-9d9d-001a4d4b12d9',
    'a8aa0579-1862-11de-9d9d-001a4d4b12d9', '8aeb9c09-5e64-11e0-a140-00241d886595', 'a1bc4ed4-c8dc-11e1-b31d-00241d886595',
  ].map((id, i) => [id, i ? 'main' : 'msk']),
);

export const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

/**
 * Speaks to `/1c/<connectorId>/exchange` as 1C's "Обмен с сайтом" does: GET checkauth with HTTP
 * Basic → cookie → GET init → each file POSTed in chunks no larger than file_limit (or `chunk`) →
 * GET import repeated while the answer is `progress`.
 */
export async function run1c(
  send: Send,
  connectorId: string,
  files: { name: string; data: Uint8Array }[],
  opts: { login?: string; password?: string; chunk?: number; type?: 'catalog' | 'sale'; pauseMs?: number } = {},
): Promise<OneCRun> {
  const type = opts.type ?? 'catalog';
  const url = (q: string) => `/1c/${connectorId}/exchange?type=${type}&${q}`;
  const text = async (r: Promise<Response>) => (await r).text();
  const ua = { 'user-agent': '1C+Enterprise/8.3' };
  const auth = await text(send(url('mode=checkauth'), { method: 'GET', headers: { ...ua, authorization: basic(opts.login ?? '1c', opts.password ?? 's3cret') } }));
  const out: OneCRun = { auth, init: '', uploads: [], imports: [], progressSeen: 0 };
  const [status, name, value] = auth.split('\n');
  if (status !== 'success') return out;
  out.cookie = `${name}=${value}`;
  const headers = { ...ua, cookie: out.cookie };
  out.init = await text(send(url('mode=init'), { method: 'GET', headers }));
  const limit = Number(/file_limit=(\d+)/.exec(out.init)?.[1] ?? 1e9);
  const chunk = Math.min(opts.chunk ?? limit, limit);
  for (const f of files) {
    for (let i = 0; i < Math.max(f.data.length, 1); i += chunk) {
      const body = f.data.subarray(i, i + chunk);
      const r = await text(send(url(`mode=file&filename=${encodeURIComponent(f.name)}`), { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body }));
      out.uploads.push(r);
      if (!r.startsWith('success')) break;
    }
  }
  for (const f of files) {
    for (let i = 0; i < 10_000; i++) {
      const r = await text(send(url(`mode=import&filename=${encodeURIComponent(f.name)}`), { method: 'GET', headers }));
      if (r.startsWith('progress')) {
        out.progressSeen++;
        if (opts.pauseMs) await new Promise((res) => setTimeout(res, opts.pauseMs));
        continue;
      }
      out.imports.push(r);
      break;
    }
  }
  return out;
}
