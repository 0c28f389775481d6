import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * Lua scripts, one file per atomic operation (`name-<numKeys>.lua`), loaded once per client and
 * called by SHA (falling back to EVAL when the server forgot them, e.g. after a restart).
 */
const SCRIPTS = ['order-create-1', 'order-transition-1', 'order-confirm-4', 'stock-reserve-3', 'stock-release-2', 'stock-adjust-1', 'lock-renew-1'] as const;

/**
 * Scripts that run others in the same atomic call: each listed script is prepended as a local
 * function named after it (`stock-reserve-3` -> `stock_reserve(KEYS, ARGV)`), so the logic lives
 * in one file and Redis still sees one script.
 */
const USES: Partial<Record<(typeof SCRIPTS)[number], (typeof SCRIPTS)[number][]>> = {
  'order-confirm-4': ['stock-reserve-3', 'order-transition-1'],
};
export type ScriptName = (typeof SCRIPTS)[number];

const sources = new Map<ScriptName, string>();
function source(name: ScriptName): string {
  let s = sources.get(name);
  if (!s) {
    s = readFileSync(new URL(`./scripts/${name}.lua`, import.meta.url), 'utf8');
    for (const used of USES[name] ?? []) {
      const fn = used.replace(/-\d+$/, '').replace(/-/g, '_');
      s = `local function ${fn}(KEYS, ARGV)\n${source(used)}\nend\n${s}`;
    }
    sources.set(name, s);
  }
  return s;
}

export type ScriptRunner = (name: ScriptName, keys: string[], args: (string | number)[]) => Promise<unknown>;

const shas = new Map<ScriptName, string>();
function sha(name: ScriptName): string {
  let h = shas.get(name);
  if (!h) {
    h = createHash('sha1').update(source(name)).digest('hex');
    shas.set(name, h);
  }
  return h;
}

/**
 * EVALSHA with a fallback to EVAL on NOSCRIPT. Plain commands rather than ioredis' defineCommand:
 * a command defined after the client has an auto-pipeline open is missing from that pipeline, and
 * the call fails with "pipeline[functionName] is not a function".
 */
export function scriptRunner(redis: Redis): ScriptRunner {
  return async (name, keys, args) => {
    try {
      return await redis.evalsha(sha(name), keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(source(name), keys.length, ...keys, ...args);
    }
  };
}
