import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { DomainError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertDate, type CalendarService } from '../calendar/calendar.service.js';
import { normalizePhone } from '../identity/phone.js';
import { HotlineException, HotlineSettings, type WeekdayHours } from './hotline.entity.js';
import { hotlineStatus, toDayHours, type HotlineSchedule, type HotlineStatus } from './hotline-schedule.js';

export interface HotlineView {
  settings: HotlineSettings;
  exceptions: HotlineException[];
  status: HotlineStatus;
}

export interface HotlineUpdate {
  phone?: string | null;
  extension?: string | null;
  weeklyHours?: WeekdayHours[] | null;
  purposeRu?: string | null;
  purposeEn?: string | null;
}

const snapshot = (settings: HotlineSettings) => ({
  phone: settings.phone,
  extension: settings.extension,
  weeklyHours: settings.weeklyHours,
  purposeRu: settings.purposeRu,
  purposeEn: settings.purposeEn,
});

/** The hotline: its number and hours, and whether it is open now. */
export class HotlineService {
  constructor(private readonly calendar: CalendarService) {}

  private async settings(em: Em): Promise<HotlineSettings> {
    const settings = await em.findOne(HotlineSettings, { id: 1 });
    if (!settings) throw new DomainError('NOT_FOUND', 'The hotline is not configured yet');
    return settings;
  }

  async get(em: Em, now = new Date()): Promise<HotlineView> {
    const settings = await this.settings(em);
    const calendar = await this.calendar.load(em, now, 70);
    const exceptions = await em.find(
      HotlineException,
      { date: { $gte: calendar.dateKey(new Date(now.getTime() - 86_400_000)) } },
      { orderBy: { date: 'asc' } },
    );
    const schedule: HotlineSchedule = {
      weekly: new Map(settings.weeklyHours.map((day) => [day.weekday, toDayHours(day.opens, day.closes)])),
      exceptions: new Map(
        exceptions.map((exception) => [
          exception.date,
          exception.opens && exception.closes ? toDayHours(exception.opens, exception.closes) : null,
        ]),
      ),
    };
    return { settings, exceptions, status: hotlineStatus(calendar, schedule, now) };
  }

  async update(em: Em, actor: Viewer, input: HotlineUpdate, requestId: string): Promise<void> {
    const phone = input.phone ? normalizePhone(input.phone) : undefined;
    await em.transactional(async (tx) => {
      const settings = await this.settings(tx);
      const before = snapshot(settings);
      if (phone) settings.phone = phone;
      if (input.extension !== undefined) settings.extension = input.extension || null;
      if (input.weeklyHours) settings.weeklyHours = [...input.weeklyHours].sort((a, b) => a.weekday - b.weekday);
      if (input.purposeRu) settings.purposeRu = input.purposeRu.trim();
      if (input.purposeEn) settings.purposeEn = input.purposeEn.trim();
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'hotline.updated',
        subjectType: 'HotlineSettings',
        subjectId: '1',
        before,
        after: snapshot(settings),
        requestId,
      });
    });
  }

  /** Sets a date's exception: closed (no hours) or special hours. */
  async setException(
    em: Em,
    actor: Viewer,
    input: { date: string; opens?: string | null; closes?: string | null; note?: string | null },
    requestId: string,
  ): Promise<void> {
    assertDate(input.date, 'input.date');
    // Both times or neither, opening before closing: declared on HotlineExceptionInput, checked at the boundary.
    await em.transactional(async (tx) => {
      const existing = await tx.findOne(HotlineException, { date: input.date });
      const before = existing ? { opens: existing.opens, closes: existing.closes, note: existing.note } : null;
      const exception =
        existing ?? tx.create(HotlineException, { date: input.date, opens: null, closes: null, note: null });
      exception.opens = input.opens ?? null;
      exception.closes = input.closes ?? null;
      exception.note = input.note?.trim() || null;
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'hotline.exception_set',
        subjectType: 'HotlineException',
        subjectId: input.date,
        before,
        after: { opens: exception.opens, closes: exception.closes, note: exception.note },
        requestId,
      });
    });
  }

  async removeException(em: Em, actor: Viewer, date: string, requestId: string): Promise<boolean> {
    assertDate(date);
    return em.transactional(async (tx) => {
      const existing = await tx.findOne(HotlineException, { date });
      if (!existing) return false;
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'hotline.exception_removed',
        subjectType: 'HotlineException',
        subjectId: date,
        before: { opens: existing.opens, closes: existing.closes, note: existing.note },
        after: null,
        requestId,
      });
      tx.remove(existing);
      return true;
    });
  }
}
