import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

export const AUDIENCES = ['BUYER', 'SELLER', 'ALL'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const SLA_CLASSES = ['STANDARD', 'URGENT', 'COMPLEX'] as const;
export type SlaClass = (typeof SLA_CLASSES)[number];

/** A group of problems users can appeal about (delivery, payment, returns, ...). */
export const SupportCategory = defineEntity({
  name: 'SupportCategory',
  tableName: 'support_category',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    titleRu: p.string().length(150),
    titleEn: p.string().length(150),
    audience: p.enum(AUDIENCES),
    position: p.integer(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    problems: () => p.oneToMany(SupportProblem).mappedBy('category'),
  },
});
export type SupportCategory = InferEntity<typeof SupportCategory>;

/**
 * A specific problem within a category. Each category has exactly one «Другое» (Other) problem (`isOther`),
 * created with it, always listed last; appeals about it carry a subject written by the user.
 */
export const SupportProblem = defineEntity({
  name: 'SupportProblem',
  tableName: 'support_problem',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    category: () => p.manyToOne(SupportCategory).deleteRule('restrict'),
    titleRu: p.string().length(200),
    titleEn: p.string().length(200),
    audience: p.enum(AUDIENCES),
    requiresOrderNumber: p.boolean().default(false),
    slaClass: p.enum(SLA_CLASSES),
    urgentAvailable: p.boolean().default(false),
    position: p.integer(),
    active: p.boolean().default(true),
    isOther: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  indexes: [{ properties: ['category', 'position'] }],
});
export type SupportProblem = InferEntity<typeof SupportProblem>;

/** A support problem as tickets and the catalog show it (an entity or a row read with a ticket satisfies it). */
export interface ProblemData {
  id: string;
  category: { id: string };
  titleRu: string;
  titleEn: string;
  audience: Audience;
  requiresOrderNumber: boolean;
  slaClass: SlaClass;
  urgentAvailable: boolean;
  position: number;
  active: boolean;
  isOther: boolean;
}
