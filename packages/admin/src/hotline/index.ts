import { lazy } from 'react';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import type { AdminModule } from '../modules';

/**
 * The hotline: number, weekly hours, exceptions, the business calendar, and the status the API computes from them.
 * Every staff role sees it (agents answer customers about it); only admins get the editing controls, as only they
 * pass the API's @Authorized('ADMIN') on updateHotline, the exceptions and the calendar days.
 */
const hotline: AdminModule = {
  name: 'hotline',
  pages: [
    {
      path: '/hotline',
      // Loaded on demand: the login page (the first screen) does not need it.
      component: lazy(() => import('./HotlinePage')),
      label: 'support.hotline.title',
      icon: PhoneInTalkIcon,
    },
  ],
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default hotline;
