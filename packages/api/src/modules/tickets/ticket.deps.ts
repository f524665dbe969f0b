import type { AttachmentService } from '../attachments/attachment.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { NotifyService } from '../notify/notify.service.js';

/** What filing an appeal and working it need from other modules (wired in services.ts). */
export interface TicketDeps {
  calendar: CalendarService;
  attachments: AttachmentService;
  notify: NotifyService;
  /** Called after a commit that wrote ticket events (wakes the event relay). */
  eventsWritten: () => void;
  /** The time SLA cycles and pauses are measured by (tests drive it). */
  clock?: () => Date;
}

/** The current time by the deps' clock. */
export const nowOf = (deps: TicketDeps): Date => deps.clock?.() ?? new Date();
