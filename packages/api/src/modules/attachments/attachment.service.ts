import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { badInput, DomainError } from '../../lib/errors.js';
import { isUuid, newId } from '../../lib/ids.js';
import { Attachment } from './attachment.entity.js';
import type { FileStorage } from './storage.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
/** Images and PDF, recognised by their bytes. */
export const ALLOWED_TYPES: ReadonlyMap<string, string> = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
  ['image/heic', 'heic'],
  ['image/heif', 'heic'],
  ['application/pdf', 'pdf'],
]);

/** Uploads and their attachment to tickets and messages. */
export class AttachmentService {
  constructor(private readonly storage: FileStorage) {}

  /** Stores a file after checking its size and its real type (magic bytes). */
  async upload(em: Em, viewer: Viewer, bytes: Buffer, fileName: string): Promise<Attachment> {
    if (bytes.length === 0) throw badInput('The file is empty', { file: { rule: 'required' } });
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new DomainError('ATTACHMENT_TOO_LARGE', 'The file is larger than 10 MB', {
        maxBytes: MAX_ATTACHMENT_BYTES,
      });
    }
    const detected = await fileTypeFromBuffer(bytes);
    if (!detected || !ALLOWED_TYPES.has(detected.mime)) {
      throw new DomainError(
        'ATTACHMENT_TYPE_NOT_ALLOWED',
        'Only JPEG, PNG, WEBP, HEIC images and PDF files can be attached',
        {
          detectedType: detected?.mime ?? null,
        },
      );
    }
    const id = newId();
    const storageKey = `${id.slice(0, 8)}/${id}`;
    await this.storage.put(storageKey, bytes, detected.mime);
    const attachment = em.create(Attachment, {
      id,
      ownerId: viewer.userId,
      fileName: cleanFileName(fileName, ALLOWED_TYPES.get(detected.mime)!),
      contentType: detected.mime,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey,
      attachedTo: null,
    });
    await em.flush();
    return attachment;
  }

  /**
   * Attaches the viewer's pending uploads to a record, inside the caller's transaction. Foreign, unknown or
   * already attached ids are refused, as is a sixth file.
   */
  async attach(em: Em, viewer: Viewer, ids: readonly string[], target: string): Promise<Attachment[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    if (!unique.every(isUuid))
      throw badInput('Unknown attachment', { 'input.attachmentIds': { rule: 'format', format: 'id' } });
    const found = await em.find(Attachment, { id: { $in: unique }, ownerId: viewer.userId, attachedTo: null });
    if (found.length !== unique.length) {
      throw badInput('Some files are unknown, not yours, or attached elsewhere already', {
        'input.attachmentIds': { rule: 'unavailable' },
      });
    }
    for (const attachment of found) attachment.attachedTo = target;
    return found;
  }

  async listFor(em: Em, targets: readonly string[]): Promise<Attachment[]> {
    if (targets.length === 0) return [];
    return em.find(Attachment, { attachedTo: { $in: [...targets] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async read(attachment: Attachment): Promise<Buffer> {
    return this.storage.get(attachment.storageKey);
  }
}

/** Keeps a readable name without paths or control characters, with the extension the content has. */
function cleanFileName(name: string, extension: string): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()!
      .replace(/[^\p{L}\p{N} ._()-]/gu, '')
      .trim()
      .slice(0, 200) || 'file';
  const stem = base.replace(/\.[^.]*$/, '') || 'file';
  return `${stem}.${extension}`;
}
