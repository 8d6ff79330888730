// The few log calls the API makes (structured, never PII: ids, codes, counts). Powertools Logger
// satisfies it in production; tests pass a recorder.
export interface ApiLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra: Record<string, unknown>;
}

/** A logger that keeps its lines (tests). */
export function recordingLogger(): ApiLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, extra: Record<string, unknown> = {}) =>
      lines.push({ level, message, extra });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: ApiLogger = { info() {}, warn() {}, error() {} };
