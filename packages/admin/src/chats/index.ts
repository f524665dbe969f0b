import { lazy } from 'react';
import ForumIcon from '@mui/icons-material/Forum';
import type { RaRecord } from 'react-admin';
import type { AdminModule } from '../modules';

/** Support chats: the queue of chats waiting for a person, the agent's own chats, and the conversation. */
const chats: AdminModule = {
  name: 'chats',
  resource: {
    // Loaded on demand: the login page (the first screen) does not need them.
    list: lazy(() => import('./ChatList')),
    show: lazy(() => import('./ChatShow')),
    icon: ForumIcon,
    recordRepresentation: (record: RaRecord) =>
      String((record['counterpart'] as { displayName?: string })?.displayName),
  },
  dataProvider: () => import('./dataProvider').then((loaded) => loaded.createChatsDataProvider as never),
  messages: {
    ru: () => import('./messages').then((loaded) => loaded.ru),
    en: () => import('./messages.en').then((loaded) => loaded.en),
  },
};

export default chats;
