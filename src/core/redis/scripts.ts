import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * Lua scripts, one file per atomic operation (`name-<numKeys>.lua`), loaded once per client and
 * called by SHA (ioredis falls back to EVAL when the server forgot them, e.g. after a restart).
 */
const SCRIPTS = ['order-create-1', 'order-transition-1', 'stock-reserve-3', 'stock-release-2', 'stock-adjust-1'] as const;
export type ScriptName = (typeof SCRIPTS)[number];

const sources = new Map<ScriptName, string>();
function source(name: ScriptName): string {
  let s = sources.get(name);
  if (!s) {
    s = readFileSync(new URL(`./scripts/${name}.lua`, import.meta.url), 'utf8');
    sources.set(name, s);
  }
  return s;
}

export type ScriptRunner = (name: ScriptName, keys: string[], args: (string | number)[]) => Promise<unknown>;

export function scriptRunner(redis: Redis): ScriptRunner {
  const defined = new Set<string>();
  return (name, keys, args) => {
    const cmd = name.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());
    if (!defined.has(name)) {
      redis.defineCommand(cmd, { lua: source(name), numberOfKeys: Number(name.split('-').pop()) });
      defined.add(name);
    }
    return (redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[cmd]!(...keys, ...args);
  };
}
