import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { AnyConnectorDefinition, ConnectorKind } from './contract.js';

/** The connector types this hub knows; filled at start-up, never by core itself. */
export class ConnectorRegistry {
  private readonly byType = new Map<string, AnyConnectorDefinition>();

  constructor(definitions: readonly AnyConnectorDefinition[]) {
    for (const def of definitions) {
      if (this.byType.has(def.type)) throw new Error(`connector type '${def.type}' is registered twice`);
      this.byType.set(def.type, def);
    }
  }

  get(type: string): AnyConnectorDefinition | undefined {
    return this.byType.get(type);
  }

  require(type: string): AnyConnectorDefinition {
    const def = this.byType.get(type);
    if (!def) {
      throw new ValidationError(`unknown connector type '${type}'`, [
        { path: 'type', message: `must be one of: ${[...this.byType.keys()].join(', ')}` },
      ]);
    }
    return def;
  }

  list(kind?: ConnectorKind): AnyConnectorDefinition[] {
    return [...this.byType.values()].filter((d) => !kind || d.kind === kind);
  }

  /** `GET /v1/admin/connector-types`: config schemas as JSON Schema for admin UIs. */
  describe() {
    return this.list().map((d) => ({
      type: d.type,
      kind: d.kind,
      title: d.title,
      secretFields: [...d.secretFields],
      configSchema: z.toJSONSchema(d.configSchema, { io: 'input', unrepresentable: 'any' }),
    }));
  }
}

/** Validates a config against its type's schema; errors name each bad field as `config.<path>`. */
export function parseConnectorConfig(def: AnyConnectorDefinition, config: unknown): unknown {
  const result = def.configSchema.safeParse(config);
  if (!result.success) {
    throw new ValidationError(
      `invalid config for connector type '${def.type}'`,
      result.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message })),
    );
  }
  return result.data;
}
