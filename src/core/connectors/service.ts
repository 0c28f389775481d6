import { z } from 'zod';
import type { Redis } from 'ioredis';
import { ConflictError, NotFoundError, ProblemError } from '../errors.js';
import type { RedisKeys } from '../redis/keys.js';
import { mapPaths, type SecretBox } from '../secrets.js';
import type { Logger } from '../logger.js';
import type { AdapterByKind, ConnectorDeps, ConnectorKind, ConnectorTestResult } from './contract.js';
import { parseConnectorConfig, type ConnectorRegistry } from './registry.js';

export const ConnectorId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, "_" and "-", up to 64');

export const ConnectorBody = z.object({
  id: ConnectorId,
  type: z.string().min(1),
  enabled: z.boolean().default(true),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type ConnectorBody = z.infer<typeof ConnectorBody>;

/** How a connector config is kept in Redis: secret fields sealed. */
interface StoredConnector {
  id: string;
  type: string;
  kind: ConnectorKind;
  enabled: boolean;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** What the admin API shows: secrets as `"***"`. */
export type ConnectorView = StoredConnector;

export interface ConnectorInstance<K extends ConnectorKind = ConnectorKind> {
  id: string;
  type: string;
  kind: K;
  enabled: boolean;
  adapter: AdapterByKind[K];
}

export const MASK = '***';

/**
 * Connector configs in Redis and their live adapters. Adapters are rebuilt when a config changes
 * (a version counter tells every process), so admin changes take effect without a restart.
 */
export class ConnectorService {
  private version = -1;
  /** When `version` was last compared with Redis (epoch ms). */
  private checkedAt = 0;
  private records = new Map<string, StoredConnector>();
  private instances = new Map<string, { stamp: string; instance: ConnectorInstance }>();
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    readonly registry: ConnectorRegistry,
    private readonly box: SecretBox,
    private readonly makeDeps: (connectorId: string) => ConnectorDeps,
    private readonly logger: Logger,
  ) {}

  /**
   * Changes with every config change this process makes or has loaded (-1 right after a change
   * here, until the next read): lets callers that remember derived answers tell they are stale
   * without a round trip.
   */
  get generation(): number {
    return this.version;
  }

  async list(): Promise<ConnectorView[]> {
    await this.refresh();
    return [...this.records.values()].sort((a, b) => a.id.localeCompare(b.id)).map((r) => this.view(r));
  }

  async get(id: string): Promise<ConnectorView> {
    await this.refresh();
    const r = this.records.get(id);
    if (!r) throw new NotFoundError('connector', id);
    return this.view(r);
  }

  async create(body: ConnectorBody, now: Date): Promise<ConnectorView> {
    const record = this.seal(body, undefined, now);
    const created = await this.redis.hsetnx(this.keys.connectors, body.id, JSON.stringify(record));
    if (!created) throw new ConflictError('connector_exists', `connector '${body.id}' already exists; use PUT to change it`);
    await this.bump();
    return this.view(record);
  }

  /** Creates or replaces; a secret sent back as `"***"` keeps its stored value. */
  async put(body: ConnectorBody, now: Date): Promise<{ view: ConnectorView; created: boolean }> {
    const raw = await this.redis.hget(this.keys.connectors, body.id);
    const previous = raw ? (JSON.parse(raw) as StoredConnector) : undefined;
    if (previous && previous.type !== body.type) {
      throw new ConflictError('connector_type_change', `connector '${body.id}' is of type '${previous.type}'; delete it to change its type`);
    }
    const record = this.seal(body, previous, now);
    await this.redis.hset(this.keys.connectors, body.id, JSON.stringify(record));
    await this.bump();
    return { view: this.view(record), created: !previous };
  }

  async delete(id: string): Promise<void> {
    const removed = await this.redis.hdel(this.keys.connectors, id);
    if (!removed) throw new NotFoundError('connector', id);
    await this.bump();
  }

  async test(id: string, signal: AbortSignal): Promise<ConnectorTestResult> {
    const inst = await this.instance(id);
    if (!inst.adapter.test) return { ok: true, detail: `config is valid; connector type '${inst.type}' has no live check` };
    try {
      return await inst.adapter.test(signal);
    } catch (err) {
      return { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
  }

  /** The live adapter of one connector, of the expected kind. */
  async instance<K extends ConnectorKind>(id: string, kind?: K): Promise<ConnectorInstance<K>> {
    await this.refresh();
    const r = this.records.get(id);
    if (!r || (kind && r.kind !== kind)) {
      throw new NotFoundError(kind ? `${kind} connector` : 'connector', id);
    }
    return this.build(r) as ConnectorInstance<K>;
  }

  /**
   * Every enabled connector of a kind. `maxAgeMs` lets a hot path trust what this process last
   * loaded for that long: its own changes apply at once, another process's within `maxAgeMs`.
   */
  async enabled<K extends ConnectorKind>(kind: K, opts: { maxAgeMs?: number } = {}): Promise<ConnectorInstance<K>[]> {
    await this.refresh(opts.maxAgeMs);
    const out: ConnectorInstance<K>[] = [];
    for (const r of this.records.values()) {
      if (r.kind !== kind || !r.enabled) continue;
      try {
        out.push(this.build(r) as ConnectorInstance<K>);
      } catch (err) {
        this.logger.error({ connectorId: r.id, err: String(err) }, 'connector cannot be started; fix its config');
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {
    for (const { instance } of this.instances.values()) await instance.adapter.close?.().catch(() => undefined);
    this.instances.clear();
  }

  private async bump() {
    await this.redis.incr(this.keys.connectorsVersion);
    this.version = -1;
  }

  /**
   * One GET per call while nothing changed (none within `maxAgeMs` of the last one); a full reload
   * when another process changed configs.
   */
  private async refresh(maxAgeMs = 0): Promise<void> {
    if (maxAgeMs > 0 && this.version !== -1 && Date.now() - this.checkedAt < maxAgeMs) return;
    const asked = Date.now();
    const v = Number((await this.redis.get(this.keys.connectorsVersion)) ?? 0);
    if (v === this.version) {
      this.checkedAt = asked;
      return;
    }
    this.refreshing ??= (async () => {
      const all = await this.redis.hgetall(this.keys.connectors);
      this.records = new Map(Object.entries(all).map(([id, json]) => [id, JSON.parse(json) as StoredConnector]));
      for (const [id, cached] of this.instances) {
        const r = this.records.get(id);
        if (!r || r.updatedAt !== cached.stamp) {
          this.instances.delete(id);
          cached.instance.adapter.close?.().catch(() => undefined);
        }
      }
      this.version = v;
      this.checkedAt = asked;
    })().finally(() => (this.refreshing = undefined));
    await this.refreshing;
  }

  private build(r: StoredConnector): ConnectorInstance {
    const cached = this.instances.get(r.id);
    if (cached && cached.stamp === r.updatedAt) return cached.instance;
    const def = this.registry.get(r.type);
    if (!def) throw new ProblemError(500, 'unknown_connector_type', 'Unknown connector type', `connector '${r.id}' has type '${r.type}', which this hub does not know`);
    const plain = mapPaths(r.config, def.secretFields, (v) => (this.box.isSealed(v) ? this.box.decrypt(v) : v));
    const config = parseConnectorConfig(def, plain);
    const instance: ConnectorInstance = { id: r.id, type: r.type, kind: def.kind, enabled: r.enabled, adapter: def.create(config, this.makeDeps(r.id)) };
    this.instances.set(r.id, { stamp: r.updatedAt, instance });
    return instance;
  }

  private seal(body: ConnectorBody, previous: StoredConnector | undefined, now: Date): StoredConnector {
    const def = this.registry.require(body.type);
    // Secrets echoed back as "***" mean "unchanged": restore them before validating.
    const prevPlain = previous ? (mapPaths(previous.config, def.secretFields, (v) => (this.box.isSealed(v) ? this.box.decrypt(v) : v)) as Record<string, unknown>) : {};
    const merged = mapPathsWith(body.config, def.secretFields, (v, path) => (v === MASK ? getPath(prevPlain, path) : v));
    const parsed = parseConnectorConfig(def, merged) as Record<string, unknown>;
    const sealed = mapPaths(parsed, def.secretFields, (v) => this.box.encrypt(typeof v === 'string' ? v : JSON.stringify(v))) as Record<string, unknown>;
    const at = now.toISOString();
    // updatedAt doubles as the instance stamp, so make it unique even within one millisecond.
    const stamp = previous && previous.updatedAt >= at ? new Date(Date.parse(previous.updatedAt) + 1).toISOString() : at;
    return { id: body.id, type: body.type, kind: def.kind, enabled: body.enabled, config: sealed, createdAt: previous?.createdAt ?? at, updatedAt: stamp };
  }

  private view(r: StoredConnector): ConnectorView {
    const def = this.registry.get(r.type);
    return { ...r, config: mapPaths(r.config, def?.secretFields ?? [], () => MASK) as Record<string, unknown> };
  }
}

function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<any>((node, p) => (node == null ? undefined : node[p]), obj);
}

function mapPathsWith(obj: unknown, paths: readonly string[], fn: (v: unknown, path: string) => unknown): unknown {
  let out = obj;
  for (const path of paths) out = mapPaths(out, [path], (v) => fn(v, path));
  return out;
}
