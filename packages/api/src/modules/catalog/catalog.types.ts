import { IsBoolean, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TextLength } from '../../lib/field-rules.js';
import { AUDIENCES, SLA_CLASSES } from './catalog.entity.js';
import { enumOf } from '../../lib/graphql-enum.js';

export const AudienceEnum = enumOf(AUDIENCES);
registerEnumType(AudienceEnum, {
  name: 'Audience',
  description: 'Who an entry is for.',
  valuesConfig: { BUYER: { description: 'Buyers' }, SELLER: { description: 'Sellers' }, ALL: { description: 'Both' } },
});

export const SlaClassEnum = enumOf(SLA_CLASSES);
registerEnumType(SlaClassEnum, {
  name: 'SlaClass',
  description: 'How fast an appeal must be answered.',
  valuesConfig: {
    STANDARD: { description: 'Within 24 hours.' },
    URGENT: { description: 'Within 2 hours.' },
    COMPLEX: { description: 'Within 3 business days (Moscow business calendar).' },
  },
});

@ObjectType('SupportProblem', { description: 'A specific problem users can appeal about.' })
export class SupportProblemType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  categoryId!: string;

  @Field(() => String, { description: 'In the language of Accept-Language (Russian by default).' })
  title!: string;

  @Field(() => String)
  titleRu!: string;

  @Field(() => String)
  titleEn!: string;

  @Field(() => AudienceEnum)
  audience!: string;

  @Field(() => Boolean)
  requiresOrderNumber!: boolean;

  @Field(() => SlaClassEnum)
  slaClass!: string;

  @Field(() => Boolean, { description: 'Whether the user may ask for urgent handling (2 hours).' })
  urgentAvailable!: boolean;

  @Field(() => Int)
  position!: number;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Boolean, { description: '«Другое»: the appeal carries a subject written by the user.' })
  isOther!: boolean;
}

@ObjectType('SupportCategory', { description: 'A group of problems; its last problem is always «Другое» (Other).' })
export class SupportCategoryType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'In the language of Accept-Language (Russian by default).' })
  title!: string;

  @Field(() => String)
  titleRu!: string;

  @Field(() => String)
  titleEn!: string;

  @Field(() => AudienceEnum)
  audience!: string;

  @Field(() => Int)
  position!: number;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => [SupportProblemType])
  problems!: SupportProblemType[];
}

@InputType()
export class CreateSupportCategoryInput {
  @Field(() => String)
  @IsString()
  @TextLength(1, 150)
  titleRu!: string;

  @Field(() => String)
  @IsString()
  @TextLength(1, 150)
  titleEn!: string;

  @Field(() => AudienceEnum)
  @IsIn(AUDIENCES)
  audience!: (typeof AUDIENCES)[number];

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}

@InputType()
export class UpdateSupportCategoryInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(1, 150)
  titleRu?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(1, 150)
  titleEn?: string;

  @Field(() => AudienceEnum, { nullable: true })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: (typeof AUDIENCES)[number];

  @Field(() => Boolean, { nullable: true, description: 'false hides it from clients (staff still see it).' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}

@InputType()
export class CreateSupportProblemInput {
  @Field(() => ID)
  @IsUUID()
  categoryId!: string;

  @Field(() => String)
  @IsString()
  @TextLength(1, 200)
  titleRu!: string;

  @Field(() => String)
  @IsString()
  @TextLength(1, 200)
  titleEn!: string;

  @Field(() => AudienceEnum)
  @IsIn(AUDIENCES)
  audience!: (typeof AUDIENCES)[number];

  @Field(() => Boolean, { defaultValue: false })
  @IsBoolean()
  requiresOrderNumber!: boolean;

  @Field(() => SlaClassEnum, { defaultValue: 'STANDARD' })
  @IsIn(SLA_CLASSES)
  slaClass!: (typeof SLA_CLASSES)[number];

  @Field(() => Boolean, { defaultValue: false })
  @IsBoolean()
  urgentAvailable!: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}

@InputType()
export class UpdateSupportProblemInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(1, 200)
  titleRu?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(1, 200)
  titleEn?: string;

  @Field(() => AudienceEnum, { nullable: true })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: (typeof AUDIENCES)[number];

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  requiresOrderNumber?: boolean;

  @Field(() => SlaClassEnum, { nullable: true })
  @IsOptional()
  @IsIn(SLA_CLASSES)
  slaClass?: (typeof SLA_CLASSES)[number];

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  urgentAvailable?: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}
