import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Paths pino blanks in every log line: credentials must never reach logs even when someone logs
 * a whole object by mistake.
 */
const REDACT = [
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'config',
  '*.config',
];

export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'svyazka' }, redact: { paths: REDACT, censor: '***' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination as never,
  );
}

/** A logger that drops everything, for unit tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
