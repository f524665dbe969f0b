import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPii } from './logger.js';

function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('logs keep personal data out', () => {
  it('masks phones, codes and tokens wherever they appear in a log record', () => {
    const { logger, lines } = captureLogs();
    logger.info(
      {
        phone: '+79584000005',
        user: { phone: '+79991234567', email: 'buyer@example.com' },
        input: { code: '123456', refreshToken: 'secret-refresh' },
        req: { headers: { authorization: 'Bearer abc.def' } },
      },
      'login',
    );
    const line = lines.join('');
    for (const secret of ['+79584000005', '+79991234567', 'buyer@example.com', '123456', 'secret-refresh', 'abc.def']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('+7******05');
  });

  it('leaves a recognisable hint of a phone number and nothing of other values', () => {
    expect(maskPii('+79991234567')).toBe('+7******67');
    expect(maskPii('a@b.c')).toBe('[redacted]');
    expect(maskPii(42)).toBe('[redacted]');
  });
});
