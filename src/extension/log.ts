/**
 * The "Related Work" output channel and a logger that stamps each line with the time
 * (`[12:03:44.120] ...`). Features that only get the channel (FeatureDeps.output) may write to
 * it directly; the services here log through `Log`.
 */
import * as vscode from 'vscode';

export const OUTPUT_CHANNEL_NAME = 'Related Work';

export function createOutputChannel(): vscode.OutputChannel {
  return vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `HH:MM:SS.mmm` in local time. */
export function timestamp(d = new Date()): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export class Log {
  constructor(readonly channel: vscode.OutputChannel) {}

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `: ${err.message}` : err !== undefined ? `: ${String(err)}` : '';
    this.write('error', `${message}${detail}`);
  }

  /** Lines that belong to the previous entry (e.g. `file:line: message`), indented, not stamped. */
  detail(lines: Iterable<string>): void {
    for (const l of lines) this.channel.appendLine(`    ${l}`);
  }

  show(preserveFocus = true): void {
    this.channel.show(preserveFocus);
  }

  private write(level: 'info' | 'warn' | 'error', message: string): void {
    this.channel.appendLine(`[${timestamp()}] ${level === 'info' ? '' : `${level.toUpperCase()} `}${message}`);
  }
}
