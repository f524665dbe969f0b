import { describe, expect, it } from 'vitest';
import { SMS_TWO_SEGMENTS, smsMessages, smsSegments } from './messages.js';

// Each SMS template with its longest values: a ticket number of the largest sequence, a six-digit code, an answer
// of the most support may write (5,000 characters).
const longest: { [K in keyof typeof smsMessages]: () => string } = {
  loginCode: () => smsMessages.loginCode('999999'),
  ticketCreated: () =>
    smsMessages.ticketCreated({ number: 'T-2026-9999999', firstResponseDueAt: new Date('2026-12-31T20:59:00Z') }),
  ticketReply: () => smsMessages.ticketReply({ number: 'T-2026-9999999' }, 'Проверили заказ. '.repeat(300)),
};

describe('SMS texts', () => {
  it.each(Object.entries(longest))('%s fits two segments', (_name, render) => {
    const text = render();
    expect(text.length).toBeLessThanOrEqual(SMS_TWO_SEGMENTS);
    expect(smsSegments(text)).toBeLessThanOrEqual(2);
  });

  it('says an appeal is accepted once, with its number and when the answer comes, and nothing about email', () => {
    const text = smsMessages.ticketCreated({
      number: 'T-2026-0000123',
      firstResponseDueAt: new Date('2026-11-30T11:00:00Z'),
    });
    expect(text).toBe('Обращение T-2026-0000123 принято. Ответим до 30.11.2026, 14:00 мск в SMS и в приложении.');
    expect(text.match(/T-2026-0000123/g)).toHaveLength(1);
  });

  it('sends a short answer whole and cuts a long one, pointing to the app', () => {
    expect(smsMessages.ticketReply({ number: 'T-2026-0000123' }, 'Деньги вернутся\n\nзавтра.')).toBe(
      'Ответ по обращению T-2026-0000123: Деньги вернутся завтра.',
    );
    expect(smsMessages.ticketReply({ number: 'T-2026-0000123' }, 'Очень длинный ответ. '.repeat(20))).toMatch(
      /… Полностью — в приложении\.$/,
    );
  });

  it('counts segments as phones do: 160/153 in GSM-7, 70/67 once a Cyrillic letter is in', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('я'.repeat(70))).toBe(1);
    expect(smsSegments('я'.repeat(71))).toBe(2);
    expect(smsSegments('я'.repeat(135))).toBe(3);
  });
});
