import { useState, type DragEvent } from 'react';
import type { Audience, SlaClass } from '@support/schema';
import { ADMIN_ONLY, useHasRole } from '../roles';

export const AUDIENCES: readonly Audience[] = ['ALL', 'BUYER', 'SELLER'];
export const SLA_CLASSES: readonly SlaClass[] = ['STANDARD', 'URGENT', 'COMPLEX'];

/** Catalog changes are for admins (the API's @Authorized('ADMIN') on every catalog mutation); others only view. */
export function useIsAdmin(): { isAdmin: boolean; isPending: boolean } {
  const { allowed, isPending } = useHasRole(ADMIN_ONLY);
  return { isAdmin: allowed, isPending };
}

/** `items` with the one at `from` moved to `to`. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  const [moved] = result.splice(from, 1);
  if (moved === undefined) return result;
  result.splice(Math.max(0, Math.min(to, result.length)), 0, moved);
  return result;
}

/**
 * Drag-to-reorder over the browser's own drag and drop: rows of one list share a `group` (a drag of one list is
 * ignored by the rows of another), and dropping row `from` on row `to` calls `onMove(from, to)`. The up/down
 * buttons beside each row do the same from the keyboard.
 */
export function useDragReorder(group: string, onMove: (from: number, to: number) => void, enabled: boolean) {
  // dataTransfer types are lower-cased by the browser.
  const type = `application/x-support-${group}`.toLowerCase();
  const [over, setOver] = useState<number | null>(null);
  const accepts = (event: DragEvent) => event.dataTransfer.types.includes(type);
  return {
    over,
    rowProps: (index: number) =>
      enabled
        ? {
            draggable: true,
            'data-drag-over': over === index ? 'true' : undefined,
            onDragStart: (event: DragEvent) => {
              event.stopPropagation();
              event.dataTransfer.setData(type, String(index));
              event.dataTransfer.effectAllowed = 'move';
            },
            onDragOver: (event: DragEvent) => {
              if (!accepts(event)) return;
              event.preventDefault();
              event.stopPropagation();
              event.dataTransfer.dropEffect = 'move';
              if (over !== index) setOver(index);
            },
            onDragLeave: () => setOver((current) => (current === index ? null : current)),
            onDrop: (event: DragEvent) => {
              if (!accepts(event)) return;
              event.preventDefault();
              event.stopPropagation();
              setOver(null);
              const from = Number(event.dataTransfer.getData(type));
              if (Number.isInteger(from) && from !== index) onMove(from, index);
            },
            onDragEnd: () => setOver(null),
          }
        : {},
  };
}
