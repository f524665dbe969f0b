import type { BusinessCalendar } from '../calendar/business-time.js';
import type { SlaClass } from '../catalog/catalog.entity.js';

/**
 * SLA targets. The answer targets are the spec's: urgent 2 hours, standard 24 hours, complex 3 business days
 * (Moscow business calendar). Resolution targets are ours: urgent 24 hours, standard 3 business days, complex
 * 10 business days.
 */
export function dueTimes(slaClass: SlaClass, createdAt: Date, calendar: BusinessCalendar) {
  const hours = (h: number) => new Date(createdAt.getTime() + h * 3_600_000);
  switch (slaClass) {
    case 'URGENT':
      return { firstResponseDueAt: hours(2), resolutionDueAt: hours(24) };
    case 'STANDARD':
      return { firstResponseDueAt: hours(24), resolutionDueAt: calendar.addBusinessDays(createdAt, 3) };
    case 'COMPLEX':
      return {
        firstResponseDueAt: calendar.addBusinessDays(createdAt, 3),
        resolutionDueAt: calendar.addBusinessDays(createdAt, 10),
      };
  }
}

/** After a pause (waiting for the customer), the clock resumes: due times move by the time spent waiting. */
export function resumeAfterPause(
  ticket: { firstResponseDueAt: Date; resolutionDueAt: Date; slaPausedAt?: Date | null },
  now: Date,
): void {
  if (!ticket.slaPausedAt) return;
  const paused = Math.max(0, now.getTime() - ticket.slaPausedAt.getTime());
  ticket.firstResponseDueAt = new Date(ticket.firstResponseDueAt.getTime() + paused);
  ticket.resolutionDueAt = new Date(ticket.resolutionDueAt.getTime() + paused);
  ticket.slaPausedAt = null;
}
