import { EventEmitter } from 'node:events';
import { emitKeypressEvents } from 'node:readline';
import { PassThrough } from 'node:stream';

/** A key as readline decodes it: the character (if printable) and its description. */
interface Key {
  s: string | undefined;
  key: { sequence?: string; name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean };
}

/** The terminal's input: process.stdin, or a fake in tests. */
export interface KeySource extends Pick<NodeJS.EventEmitter, 'on' | 'removeListener'> {
  resume(): unknown;
  pause(): unknown;
  setRawMode?: (mode: boolean) => unknown;
}

const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * Owns the terminal's input for a whole session, so no key is lost or given to the wrong question:
 * raw mode stays on from the first prompt to the last (between prompts, during a save, keys are not
 * echoed or held in a line buffer, and Ctrl-C is a key like any other), every key is read into one
 * queue, and each prompt gets its own input, fed one key at a time. The next key is given only
 * after the previous one had its effect: if it closed the prompt, the key goes to the next prompt.
 * So a paste, or keys typed ahead during a slow save, answer one question each, in order — exactly
 * as if they had been typed slowly.
 */
export class KeyQueue {
  private readonly keys: Key[] = [];
  private sink: PassThrough | undefined;
  private pumping = false;
  private disposed = false;
  private readonly decoder = new EventEmitter();

  constructor(
    private readonly source: KeySource,
    private readonly onGone: (why: string) => void,
  ) {
    emitKeypressEvents(this.decoder as NodeJS.ReadableStream);
    this.decoder.on('keypress', (s: string | undefined, key: Key['key']) => {
      this.keys.push({ s, key: { ...key } });
      setImmediate(() => void this.pump()); // never from inside the decoder: a prompt's save may read more input
    });
    source.on('data', this.onData);
    source.on('end', this.onEnd);
    source.on('error', this.onError); // setRawMode on a closed terminal reports EIO here, not by throwing
    this.raw(true);
    source.resume();
  }

  private readonly onData = (chunk: Buffer | string) => {
    this.decoder.emit('data', chunk);
  };
  private readonly onEnd = () => {
    if (!this.disposed) this.onGone('end');
  };
  private readonly onError = (e: Error) => {
    if (!this.disposed) this.onGone((e as NodeJS.ErrnoException).code ?? e.message);
  };

  private raw(on: boolean): void {
    try {
      this.source.setRawMode?.(on);
    } catch {
      /* reported through 'error' */
    }
  }

  /** An input stream for one prompt; `release` it when the prompt settles. */
  attach(): PassThrough {
    const sink = new PassThrough();
    this.sink = sink;
    setImmediate(() => void this.pump()); // once the prompt listens
    return sink;
  }

  release(sink: PassThrough): void {
    if (this.sink === sink) this.sink = undefined;
    sink.end();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.keys.length && this.sink && !this.disposed) {
        const { s, key } = this.keys.shift()!;
        this.sink.emit('keypress', s, key);
        // A prompt that closes resolves on the next turn of the event loop (after a validation it
        // awaits, at most one more): wait for both before the next key.
        await turn();
        await turn();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Keys read but not (yet) given to a prompt, as typed. */
  pending(): string[] {
    return this.keys.map((k) => k.key.sequence ?? k.s ?? '');
  }

  /**
   * Gives the terminal back (raw mode off, input paused) and returns the keys that were typed
   * ahead but never reached a prompt, so the caller can say they were not used.
   */
  dispose(): string[] {
    if (this.disposed) return [];
    const left = this.pending();
    this.disposed = true;
    this.keys.length = 0;
    this.raw(false);
    this.source.removeListener('data', this.onData);
    this.source.removeListener('end', this.onEnd);
    this.source.pause();
    // 'error' stays handled: a closed terminal may still report EIO on the way out
    return left;
  }
}

/** Keys as a person would read them: "1 2 ⏎ q". */
export function describeKeys(keys: string[]): string {
  const names: Record<string, string> = {
    '\r': '⏎',
    '\n': '⏎',
    ' ': '␣',
    '\x7f': '⌫',
    '\x1b': 'Esc',
    '\x03': 'Ctrl-C',
    '\x1b[A': '↑',
    '\x1b[B': '↓',
    '\t': 'Tab',
  };
  return keys.map((k) => names[k] ?? (/^[\x20-\x7e\u00a0-\uffff]+$/.test(k) ? k : JSON.stringify(k))).join(' ');
}
