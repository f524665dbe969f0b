import {
  MessageAddedDocument,
  SupportQueueChangedDocument,
  type MessageAddedSubscription,
  type SupportQueueChangedSubscription,
} from '@support/schema';
import { useLiveSubscription } from '../api/live';

export type ChangedChat = SupportQueueChangedSubscription['supportQueueChanged'];
export type AddedMessage = MessageAddedSubscription['messageAdded'];

/**
 * Calls `onChange` whenever a support chat changes (opened, handed over, answered, taken, turned into a ticket);
 * `onResume` when the connection is back after a drop.
 */
export function useSupportQueueChanges(onChange: (chat: ChangedChat) => void, onResume?: () => void): void {
  useLiveSubscription(SupportQueueChangedDocument, {}, (data) => onChange(data.supportQueueChanged), onResume);
}

/** Calls `onMessage` for every new message of one chat while the component is mounted; `onResume` after a drop. */
export function useChatMessages(
  chatId: string,
  onMessage: (message: AddedMessage) => void,
  onResume?: () => void,
): void {
  useLiveSubscription(MessageAddedDocument, { chatId }, (data) => onMessage(data.messageAdded), onResume);
}
