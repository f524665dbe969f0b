import type { Em } from '../../db/orm.js';
import { topics, type PubSub } from '../../lib/pubsub.js';
import type { User } from '../identity/identity.entity.js';
import type { NotifyService } from '../notify/notify.service.js';

/** What the wallet's services tell the customer (the security chat) and the wallet's subscribers. */
export class WalletNotices {
  constructor(
    private readonly deps: {
      notify: NotifyService;
      pubsub: PubSub;
    },
  ) {}

  tell(em: Em, user: Pick<User, 'id' | 'phone'>, purpose: string, text: string): void {
    this.deps.notify.enqueue(em, { channel: 'SECURITY_CHAT', to: user.phone, userId: user.id, purpose, text });
  }

  async changed(userId: string): Promise<void> {
    this.deps.notify.wake();
    await this.deps.pubsub.publish(topics.walletChanged(userId), { userId });
  }
}
