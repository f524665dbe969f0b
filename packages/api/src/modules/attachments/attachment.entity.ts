import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

/**
 * An uploaded file (screenshot, photo, PDF). Uploaded first, then attached to one ticket or message by its owner;
 * the type is what the content says it is, not what the name claims.
 */
export const Attachment = defineEntity({
  name: 'Attachment',
  tableName: 'attachment',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    ownerId: p.uuid().index(),
    fileName: p.string().length(255),
    contentType: p.string().length(100),
    size: p.integer(),
    sha256: p.string().length(64),
    storageKey: p.string().length(300),
    /** What it is attached to, once attached (`ticket:<id>` or `ticket-message:<id>`); null while pending. */
    attachedTo: p.string().length(120).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Attachment = InferEntity<typeof Attachment>;
