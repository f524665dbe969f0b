import { IsIn, IsOptional, IsString } from 'class-validator';
import { TextLength } from '../../lib/field-rules.js';
import { Field, InputType } from 'type-graphql';
import { connectionType } from '../../lib/connection.types.js';
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
  @TextLength(0, 100)
  text?: string | null;

  @Field(() => RoleEnum, { nullable: true, description: 'Accounts holding this role.' })
  @IsOptional()
  @IsIn(ROLES)
  role?: (typeof ROLES)[number] | null;
}

export const UserConnection = connectionType('User', UserType, {
  description: 'A page of accounts.',
  totalCount: false,
});
