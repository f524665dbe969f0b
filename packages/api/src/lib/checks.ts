import { createHash } from 'node:crypto';

/** A plausible email address (the mailbox proves it; this only refuses obvious mistakes). */
export const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,185}\.[^\s@]{2,}$/;

/** SHA-256 of a text, hex: request fingerprints for idempotency checks. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
