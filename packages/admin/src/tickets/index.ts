import { lazy } from 'react';
import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import type { RaRecord } from 'react-admin';

// Loaded on demand: the login page (the first screen) does not need them.
const list = lazy(() => import('./TicketList'));
const show = lazy(() => import('./TicketShow'));

export const tickets = {
  list,
  show,
  icon: ConfirmationNumberIcon,
  recordRepresentation: (record: RaRecord) => `№ ${String(record['number'] ?? record.id)}`,
};
export { list, show };
export const icon = ConfirmationNumberIcon;
export const recordRepresentation = tickets.recordRepresentation;
export default tickets;
