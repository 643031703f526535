/** The slice of a structured logger (pino's shape) that library code needs. */
type LogFn = (objOrMsg: object | string, msg?: string) => void;

export interface Log {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => {};
export const silentLog: Log = { debug: noop, info: noop, warn: noop, error: noop };
