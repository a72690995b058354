/** Everything a command needs from the outside world, injected so tests can fake it. */
export interface Context {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout is a terminal */
  isTTY: boolean;
  /** stdin is a terminal (the interactive assessment needs one) */
  stdinIsTTY: boolean;
  columns: number;
  /** the terminal's height, when known (the interactive assessment pages long help by it) */
  rows?: number;
  color: boolean;
  now: () => Date;
  /**
   * Registers a handler for a signal; returns its remover. SIGHUP also fires when the terminal
   * goes away under the output (a write fails with EIO).
   */
  onSignal: (signal: Signal, handler: () => void) => () => void;
  /**
   * After a hangup: ends the process as SIGHUP would (exit status 129). A normal exit would restore
   * the terminal's settings, and on a terminal that is gone Node aborts with a native assertion.
   */
  endAfterHangup?: () => void;
}

export type Signal = 'SIGTERM' | 'SIGHUP' | 'SIGINT';

/** Colour only without --no-color, with NO_COLOR unset or empty, and with FORCE_COLOR or a TTY. */
export function wantColor(env: Record<string, string | undefined>, isTTY: boolean, flag: boolean): boolean {
  if (!flag) return false;
  if (env['NO_COLOR']) return false;
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0';
  return isTTY && env['TERM'] !== 'dumb';
}

/**
 * A reader that stops early (`hrdd list | head -1`) closes the pipe: end quietly with 0, as git
 * does, instead of an EPIPE stack trace. Installed once per process.
 */
let pipesGuarded = false;
const hangupHandlers = new Set<() => void>();
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      if ((e.code === 'EIO' || e.code === 'ENXIO') && stream.isTTY) {
        // the terminal was closed
        if (hangupHandlers.size) for (const h of [...hangupHandlers]) h();
        else endAfterHangup();
        return;
      }
      try {
        process.stderr.write(`hrdd: cannot write the output: ${e.code ?? e.message}\n`);
      } catch {
        /* nothing left to tell */
      }
      process.exit(3);
    });
  }
}

/** Dies of SIGHUP (status 129) without the normal exit's attempt to restore a terminal that is gone. */
function endAfterHangup(): void {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP'); // default action now: the kernel ends the process
}

export function createNodeContext(colorFlag = true): Context {
  guardPipes();
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    columns: process.stdout.columns || 80,
    ...(process.stdout.rows && { rows: process.stdout.rows }),
    color: wantColor(process.env, isTTY, colorFlag),
    now: () => new Date(),
    onSignal: (signal, handler) => {
      process.on(signal, handler);
      if (signal === 'SIGHUP') hangupHandlers.add(handler);
      return () => {
        process.off(signal, handler);
        hangupHandlers.delete(handler);
      };
    },
    endAfterHangup,
  };
}
