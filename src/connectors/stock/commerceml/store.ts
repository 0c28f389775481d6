import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface ExchangeSession {
  id: string;
  connectorId: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Hub order ids sent by the last `type=sale&mode=query`, marked exported on `mode=success`. */
  queriedOrderIds?: string[];
}

export type ImportState =
  | { state: 'running'; startedAt: number }
  | { state: 'done'; summary: string }
  | { state: 'failed'; reason: string };

/**
 * State of 1C exchanges: sessions with expiry, uploaded files (appended chunk by chunk) and import
 * job states. File names are the relative names 1C sends.
 */
export interface ExchangeStore {
  createSession(connectorId: string, ttlMs: number, nowMs: number): Promise<ExchangeSession>;
  /** The live session, or undefined when unknown or expired. */
  getSession(connectorId: string, id: string, nowMs: number): Promise<ExchangeSession | undefined>;
  saveSession(session: ExchangeSession): Promise<void>;
  /** Drops a session's files and import states (on `init`, and when it ends). */
  resetFiles(connectorId: string, sessionId: string): Promise<void>;
  /** Appends a chunk and returns the file's new size; refuses (and removes the file) past `limit`. */
  appendFile(connectorId: string, sessionId: string, name: string, chunk: Uint8Array, limit: number): Promise<number>;
  writeFile(connectorId: string, sessionId: string, name: string, data: Uint8Array): Promise<void>;
  removeFile(connectorId: string, sessionId: string, name: string): Promise<void>;
  listFiles(connectorId: string, sessionId: string): Promise<string[]>;
  /** Size in bytes, or undefined when the file is not there. */
  fileSize(connectorId: string, sessionId: string, name: string): Promise<number | undefined>;
  /** The file's bytes as a stream of chunks, so big files are never held whole. */
  readFile(connectorId: string, sessionId: string, name: string): AsyncIterable<Uint8Array>;
  /** Where the file is on disk (the import thread reads it from there). */
  filePath(connectorId: string, sessionId: string, name: string): string;
  getImport(connectorId: string, sessionId: string, name: string): Promise<ImportState | undefined>;
  setImport(connectorId: string, sessionId: string, name: string, state: ImportState): Promise<void>;
}

/**
 * Files on disk under `dir/<connectorId>/<sessionId>/`, sessions and import states in this
 * process's memory. A 1C exchange is one client talking to one URL in sequence, so one
 * process (or sticky routing of `/1c/*`) serves it; a restart only costs 1C a new `checkauth`.
 */
export class DiskExchangeStore implements ExchangeStore {
  private readonly sessions = new Map<string, ExchangeSession>();
  private readonly imports = new Map<string, ImportState>();

  constructor(private readonly dir: string) {}

  async createSession(connectorId: string, ttlMs: number, nowMs: number): Promise<ExchangeSession> {
    await this.sweep(nowMs);
    const s: ExchangeSession = { id: randomBytes(18).toString('base64url'), connectorId, expiresAt: nowMs + ttlMs };
    this.sessions.set(key(connectorId, s.id), s);
    return s;
  }

  async getSession(connectorId: string, id: string, nowMs: number): Promise<ExchangeSession | undefined> {
    const s = this.sessions.get(key(connectorId, id));
    return s && s.expiresAt > nowMs ? s : undefined;
  }

  async saveSession(session: ExchangeSession): Promise<void> {
    this.sessions.set(key(session.connectorId, session.id), session);
  }

  async resetFiles(connectorId: string, sessionId: string): Promise<void> {
    const prefix = key(connectorId, sessionId) + '\n';
    for (const k of this.imports.keys()) if (k.startsWith(prefix)) this.imports.delete(k);
    await rm(this.sessionDir(connectorId, sessionId), { recursive: true, force: true });
  }

  async appendFile(connectorId: string, sessionId: string, name: string, chunk: Uint8Array, limit: number): Promise<number> {
    const size = ((await this.fileSize(connectorId, sessionId, name)) ?? 0) + chunk.length;
    if (size > limit) {
      await this.removeFile(connectorId, sessionId, name);
      throw new Error(`file ${name} is over the limit of ${limit} bytes`);
    }
    await mkdir(this.sessionDir(connectorId, sessionId), { recursive: true });
    await appendFile(this.path(connectorId, sessionId, name), chunk);
    return size;
  }

  async writeFile(connectorId: string, sessionId: string, name: string, data: Uint8Array): Promise<void> {
    await mkdir(this.sessionDir(connectorId, sessionId), { recursive: true });
    await writeFile(this.path(connectorId, sessionId, name), data);
  }

  async removeFile(connectorId: string, sessionId: string, name: string): Promise<void> {
    await rm(this.path(connectorId, sessionId, name), { force: true });
    this.imports.delete(`${key(connectorId, sessionId)}\n${name}`);
  }

  async listFiles(connectorId: string, sessionId: string): Promise<string[]> {
    const names = await readdir(this.sessionDir(connectorId, sessionId)).catch(() => [] as string[]);
    return names.map((n) => decodeURIComponent(n));
  }

  async fileSize(connectorId: string, sessionId: string, name: string): Promise<number | undefined> {
    return stat(this.path(connectorId, sessionId, name)).then((s) => s.size, () => undefined);
  }

  readFile(connectorId: string, sessionId: string, name: string): AsyncIterable<Uint8Array> {
    return createReadStream(this.path(connectorId, sessionId, name), { highWaterMark: 256 * 1024 });
  }

  async getImport(connectorId: string, sessionId: string, name: string): Promise<ImportState | undefined> {
    return this.imports.get(`${key(connectorId, sessionId)}\n${name}`);
  }

  async setImport(connectorId: string, sessionId: string, name: string, state: ImportState): Promise<void> {
    this.imports.set(`${key(connectorId, sessionId)}\n${name}`, state);
  }

  private async sweep(nowMs: number): Promise<void> {
    for (const [k, s] of this.sessions) {
      if (s.expiresAt > nowMs) continue;
      this.sessions.delete(k);
      await this.resetFiles(s.connectorId, s.id);
    }
  }

  private sessionDir(connectorId: string, sessionId: string): string {
    return join(this.dir, fsName(connectorId), fsName(sessionId));
  }

  filePath(connectorId: string, sessionId: string, name: string): string {
    return this.path(connectorId, sessionId, name);
  }

  private path(connectorId: string, sessionId: string, name: string): string {
    return join(this.sessionDir(connectorId, sessionId), fsName(name));
  }
}

function key(connectorId: string, sessionId: string): string {
  return `${connectorId}\n${sessionId}`;
}

/** One path segment whatever the name holds: `/`, `\\` and dots are escaped. */
function fsName(name: string): string {
  return encodeURIComponent(name).replace(/\./g, '%2E');
}
