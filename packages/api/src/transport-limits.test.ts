import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import type { Config } from './config.js';
import { makeSocketLimits } from './transport-limits.js';

/** A socket as far as the limits see it: it can be closed, and says when it is. */
class FakeSocket extends EventEmitter {
  closedWith: number | null = null;
  close(code: number) {
    this.closedWith = code;
    this.emit('close');
  }
}

const limits = () =>
  makeSocketLimits({
    WS_MAX_SOCKETS_PER_USER: 2,
    WS_MAX_SOCKETS_PER_ADDRESS: 3,
    WS_MAX_SUBSCRIPTIONS_PER_SOCKET: 100,
  } as Config);

const open = (bound: ReturnType<typeof limits>, ip: string, userId: string | null) => {
  const socket = new FakeSocket();
  const admitted = bound.admit(socket as unknown as WebSocket, {}, ip, userId);
  return { socket, admitted };
};

describe('sockets a client may hold open', () => {
  it('bounds the sockets of one address, signed in or not, and frees a place when one closes', () => {
    const bound = limits();
    const first = open(bound, '203.0.113.7', null);
    open(bound, '203.0.113.7', 'a');
    open(bound, '203.0.113.7', 'b');
    const over = open(bound, '203.0.113.7', 'c');
    expect(over).toMatchObject({ admitted: false, socket: { closedWith: 4429 } });
    expect(open(bound, '198.51.100.1', 'c').admitted).toBe(true);
    first.socket.close(1000);
    expect(open(bound, '203.0.113.7', 'd').admitted).toBe(true);
  });

  it('bounds the sockets of one account across addresses', () => {
    const bound = limits();
    expect(open(bound, '198.51.100.1', 'u').admitted).toBe(true);
    expect(open(bound, '198.51.100.2', 'u').admitted).toBe(true);
    expect(open(bound, '198.51.100.3', 'u')).toMatchObject({ admitted: false, socket: { closedWith: 4429 } });
  });

  it('refuses one subscription over the bound with its own code, in the reader’s language', () => {
    const bound = limits();
    expect(bound.subscriptionRefusal(99, 'en')).toBeNull();
    const [error] = bound.subscriptionRefusal(100, 'ru')!;
    expect(error!.extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', max: 100 });
    expect(error!.message).toBe('На одном соединении не больше 100 подписок');
  });
});
