/**
 * The client side of the runtime's control channel (docs/live.md): a Unix
 * socket speaking lines. A request's reply is the lines up to one starting
 * "ok" or "error"; once events are asked for, "event HEX" and "lost N"
 * lines come between replies, as the runtime commits records.
 */
import { connect, type Socket } from 'node:net';
import { describeFsError, KmarkError } from '../io/errors.js';
import type { ProfileEntry } from './profile.js';

/** A marker site as the running kernel lists it. */
export interface SiteState extends ProfileEntry {
  /** The site's nesting count: its name's arms plus its own. */
  readonly armed: number;
}

export interface EventListener {
  record(record: Buffer): void;
  lost(count: number): void;
}

interface Pending {
  readonly request: string;
  readonly lines: string[];
  resolve(lines: string[]): void;
  reject(error: Error): void;
}

export class ControlChannel {
  private readonly pending: Pending[] = [];
  private readonly listeners = new Set<EventListener>();
  private partial = '';
  private closed: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (error) => this.fail(new KmarkError(`${path}: ${describeFsError(error)}`)));
    socket.on('close', () => this.fail(new KmarkError(`${path}: the kernel closed the control channel`)));
  }

  static open(path: string): Promise<ControlChannel> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      socket.once('connect', () => resolve(new ControlChannel(socket, path)));
      socket.once('error', (error) => reject(new KmarkError(`${path}: cannot reach a kernel's control channel: ${describeFsError(error)}`)));
    });
  }

  /** The reply's lines, the final "ok ..." last; a KmarkError for an "error ..." reply. */
  request(line: string): Promise<string[]> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      this.pending.push({ request: line, lines: [], resolve, reject });
      this.socket.write(`${line}\n`);
    });
  }

  async list(): Promise<SiteState[]> {
    const lines = await this.request('list');
    return lines
      .filter((l) => l.startsWith('site\t'))
      .map((l) => {
        const [, armed, md5, name, id] = l.split('\t');
        return { armed: Number(armed), md5: md5!, name: name!, id: id! };
      });
  }

  /** One set, all or none; the keys the runtime changed (globs expanded). */
  async change(action: 'arm' | 'disarm', keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const bad = keys.find((k) => k === '' || /\s/.test(k));
    if (bad !== undefined) throw new KmarkError(`'${bad}': a key is a name, id, md5 or glob without blanks`);
    const lines = await this.request(`${action} ${keys.join(' ')}`);
    return lines[lines.length - 1]!.split(' ').slice(2);
  }

  async subscribe(listener: EventListener): Promise<void> {
    const first = this.listeners.size === 0;
    this.listeners.add(listener);
    if (first) await this.request('events');
  }

  unsubscribe(listener: EventListener): void {
    this.listeners.delete(listener);
  }

  close(): void {
    this.closed ??= new KmarkError(`${this.path}: closed`);
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('event ')) {
        const record = Buffer.from(line.slice(6), 'hex');
        for (const l of this.listeners) l.record(record);
      } else if (line.startsWith('lost ')) {
        for (const l of this.listeners) l.lost(Number(line.slice(5)));
      } else {
        this.replyLine(line);
      }
    }
  }

  private replyLine(line: string): void {
    const current = this.pending[0];
    if (!current) return;
    current.lines.push(line);
    if (line.startsWith('ok')) {
      this.pending.shift();
      current.resolve(current.lines);
    } else if (line.startsWith('error ')) {
      this.pending.shift();
      const [, code, ...words] = line.split(' ');
      current.reject(new KmarkError(`${current.request.split(' ')[0]}: ${words.join(' ')} (${code})`));
    }
  }

  private fail(error: Error): void {
    if (this.closed === null) this.closed = error;
    for (const p of this.pending.splice(0)) p.reject(this.closed);
  }
}
