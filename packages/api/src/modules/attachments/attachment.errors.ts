/** Codes of the attachments domain, merged into the one table in lib/errors.ts. */
export const attachmentErrorCodes = {
  ATTACHMENT_TYPE_NOT_ALLOWED: 'Only JPEG, PNG, WEBP, HEIC images and PDF files, recognised by their content.',
  ATTACHMENT_TOO_LARGE: 'A file may be at most 10 MB.',
} as const;
