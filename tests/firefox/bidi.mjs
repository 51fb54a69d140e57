// A minimal WebDriver BiDi client for the Firefox tests: a WebSocket client (RFC 6455,
// client side only: masked frames out, text / binary / fragmented frames, ping and
// close in) over node:http, and a command / event layer on top. No dependency: Node 20
// has no WebSocket without a flag, and Firefox needs nothing but its own BiDi server.

import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A connected WebSocket: `send(text)`, events `message` (string) and `close`. */
class MiniWebSocket extends EventEmitter {
  /**
   * @param {import('node:net').Socket} socket
   * @param {Buffer} head bytes already read past the HTTP upgrade answer
   */
  constructor(socket, head) {
    super();
    this.socket = socket;
    this.chunks = head.length ? [head] : [];
    this.buffered = head.length;
    this.fragments = [];
    this.closed = false;
    /** Bytes needed before the frame being received is complete. */
    this.need = 0;
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      this.chunks.push(d);
      this.buffered += d.length;
      // A large frame (a screenshot) arrives in many chunks: join them only once it is whole.
      if (this.buffered >= this.need) this.parse();
    });
    socket.on('close', () => {
      this.closed = true;
      this.emit('close');
    });
    socket.on('error', () => {});
  }

  /** Bytes buffered so far as one Buffer (joined lazily, only when a frame may be complete). */
  joined() {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  parse() {
    for (;;) {
      if (this.buffered < 2) return;
      const b = this.joined();
      const fin = (b[0] & 0x80) !== 0;
      const op = b[0] & 0x0f;
      const masked = (b[1] & 0x80) !== 0;
      let len = b[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        off = 10;
      }
      const maskOff = off;
      if (masked) off += 4;
      if (b.length < off + len) {
        this.need = off + len;
        return;
      }
      const payload = Buffer.from(b.subarray(off, off + len));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= b[maskOff + (i & 3)];
      this.need = 0;
      const rest = b.subarray(off + len);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      if (op === 0x8) {
        if (!this.closed) this.frame(0x8, payload.subarray(0, 2));
        this.socket.end();
        return;
      }
      if (op === 0x9) this.frame(0xa, payload);
      else if (op === 0x0 || op === 0x1 || op === 0x2) {
        this.fragments.push(payload);
        if (fin) {
          const msg = Buffer.concat(this.fragments).toString('utf8');
          this.fragments = [];
          this.emit('message', msg);
        }
      }
    }
  }

  frame(op, payload) {
    if (this.socket.destroyed) return;
    const len = payload.length;
    const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    head[0] = 0x80 | op;
    if (len < 126) head[1] = 0x80 | len;
    else if (len < 65536) {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
    } else {
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
    const mask = randomBytes(4);
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
    this.socket.write(Buffer.concat([head, mask, body]));
  }

  /** @param {string} text */
  send(text) {
    this.frame(0x1, Buffer.from(text, 'utf8'));
  }

  close() {
    if (this.closed) return;
    this.frame(0x8, Buffer.from([0x03, 0xe8]));
    this.socket.end();
  }
}

/**
 * Open a WebSocket to `url` (ws:// only).
 * @param {string} url
 * @returns {Promise<MiniWebSocket>}
 */
export function openWebSocket(url) {
  const u = new URL(url);
  if (u.protocol !== 'ws:') return Promise.reject(new Error(`openWebSocket: only ws:// URLs (${url})`));
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' },
    });
    req.on('upgrade', (res, socket, head) => {
      const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
      if (res.headers['sec-websocket-accept'] !== accept) {
        socket.destroy();
        reject(new Error('openWebSocket: bad Sec-WebSocket-Accept'));
        return;
      }
      resolve(new MiniWebSocket(socket, head));
    });
    req.on('response', (res) => reject(new Error(`openWebSocket: ${url} answered HTTP ${res.statusCode} instead of upgrading`)));
    req.on('error', reject);
    req.end();
  });
}

/** A BiDi error answer, with the command that caused it. */
export class BidiError extends Error {
  constructor(method, answer) {
    super(`${method}: ${answer.error}: ${answer.message}`);
    this.error = answer.error;
  }
}

/** WebDriver BiDi over one WebSocket: `send(method, params)` and BiDi events. */
export class Bidi extends EventEmitter {
  /** @param {MiniWebSocket} ws */
  constructor(ws) {
    super();
    this.ws = ws;
    this.nextId = 1;
    /** @type {Map<number, {method: string, resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
    ws.on('message', (text) => {
      let msg;
      try {
        msg = JSON.parse(text);
      } catch {
        return;
      }
      if (msg.type === 'event') {
        this.emit(msg.method, msg.params);
        this.emit('event', msg);
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new BidiError(p.method, msg));
      else p.resolve(msg.result);
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`${p.method}: the BiDi connection closed`));
      this.pending.clear();
      this.emit('close');
    });
  }

  /**
   * Send a command and wait for its result.
   * @param {string} method
   * @param {object} [params]
   * @param {number} [timeout]
   * @returns {Promise<any>}
   */
  send(method, params = {}, timeout = 60000) {
    if (this.ws.closed) return Promise.reject(new Error(`${method}: the BiDi connection is closed`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeout} ms`));
      }, timeout);
      this.pending.set(id, {
        method,
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close() {
    this.ws.close();
  }
}
