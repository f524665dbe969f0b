import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ROLES } from '../../lib/roles.js';
import { RoleEnum, UserType } from './identity.types.js';

@InputType({ description: 'Narrows the admins’ list of accounts; all given conditions apply.' })
export class UserFilterInput {
  @Field(() => String, {
    nullable: true,
    description: 'Part of the name, or digits of the phone as typed (+7 900 000-00-01, 8 900…, 000-00).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  text?: string | null;

  @Field(() => RoleEnum, { nullable: true, description: 'Accounts holding this role.' })
  @IsOptional()
  @IsIn(ROLES)
  role?: (typeof ROLES)[number] | null;
}

@ObjectType('UserPageInfo')
export class UserPageInfoType {
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

@ObjectType('UserConnection')
export class UserConnectionType {
  @Field(() => [UserType])
  nodes!: UserType[];

  @Field(() => UserPageInfoType)
  pageInfo!: UserPageInfoType;
}
