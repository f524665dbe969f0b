import { describe, expect, it } from 'vitest';
import { OutboundRefused, refusedRange, resolveTarget } from './outbound.js';

describe('which addresses outbound requests may reach', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'ipv4Compatible'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::1', '6to4'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd12::1', 'uniqueLocal'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '2606:4700::1111', '::ffff:93.184.215.14'])('allows the public address %s', (address) => {
    expect(refusedRange(address)).toBeNull();
  });

  it('checks every address a name resolves to, and local names without asking', async () => {
    const policy = {
      allowPrivate: false,
      resolve: async (host: string) =>
        host === 'two.example'
          ? [
              { address: '93.184.215.14', family: 4 as const },
              { address: '10.0.0.1', family: 4 as const },
            ]
          : [{ address: '93.184.215.14', family: 4 as const }],
    };
    await expect(resolveTarget(new URL('http://two.example/'), policy)).rejects.toThrow(OutboundRefused);
    await expect(resolveTarget(new URL('http://localhost./'), policy)).rejects.toThrow(/local name/);
    await expect(resolveTarget(new URL('http://one.example/'), policy)).resolves.toEqual({
      address: '93.184.215.14',
      family: 4,
    });
  });
});
