import type { Log } from "../../core/log.ts";

export interface LoggedLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

/** A log that keeps every line, to check what it says (and never says). */
export function recordingLog(): { log: Log; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => {
    lines.push(
      typeof obj === "string"
        ? { level, obj: {}, msg: obj }
        : { level, obj: obj as Record<string, unknown>, msg: msg ?? "" },
    );
  };
  return { log: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }, lines };
}

/** A logged line as one string, for `toContain` checks. */
export function lineText(line: LoggedLine): string {
  return `${line.level} ${JSON.stringify(line.obj)} ${line.msg}`;
}
