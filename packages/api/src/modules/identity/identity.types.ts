import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HasFormat, TextLength } from '../../lib/field-rules.js';
import { DEVICE_PLATFORMS, LOGIN_CHANNELS } from './identity.entity.js';
import { ROLES } from '../../lib/roles.js';
import { enumOf } from '../../lib/graphql-enum.js';

export const LoginChannel = enumOf(LOGIN_CHANNELS);
registerEnumType(LoginChannel, {
  name: 'LoginChannel',
  description: 'How a login code reaches the user.',
  valuesConfig: {
    SMS: { description: 'A text message with the code.' },
    CALL: { description: 'A flash call: the last 6 digits of the calling number are the code.' },
    PUSH: { description: "A push notification to the account's registered devices." },
    SECURITY_CHAT: { description: 'A message in the «Безопасность» chat; only for an account logged in elsewhere.' },
  },
});

export const RoleEnum = enumOf(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'What an account may do.' });

export const DevicePlatform = enumOf(DEVICE_PLATFORMS);
registerEnumType(DevicePlatform, { name: 'DevicePlatform' });

@ObjectType('User', { description: 'An account: one per phone number across all services.' })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'E.164, e.g. +79991234567. Personal: the user themself and staff only.' })
  phone!: string;

  @Field(() => [RoleEnum])
  roles!: string[];

  @Field(() => String)
  displayName!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('LoginChallenge', { description: 'A code on its way; verify it with its id.' })
export class LoginChallengeType {
  @Field(() => ID)
  id!: string;

  @Field(() => LoginChannel)
  channel!: string;

  @Field(() => Date, { description: 'After this the code no longer works.' })
  expiresAt!: Date;

  @Field(() => Date, { description: 'A new code can be requested from this moment.' })
  resendAvailableAt!: Date;

  @Field(() => Int)
  codeLength!: number;
}

@ObjectType('AuthSession', { description: 'Tokens for a logged-in device.' })
export class AuthSessionType {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <token>"; short-lived.' })
  accessToken!: string;

  @Field(() => String, { description: 'Exchange for a new pair with refreshSession; usable once.' })
  refreshToken!: string;

  @Field(() => Date, { description: 'When the access token expires.' })
  expiresAt!: Date;

  @Field(() => UserType)
  user!: UserType;
}

@ObjectType('DeviceSession', { description: 'A device logged in to the account.' })
export class DeviceSessionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  platform!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'Approximate (country), from the IP address.' })
  location!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastSeenAt!: Date;

  @Field(() => Boolean, { description: 'The session making this request.' })
  current!: boolean;
}

@ObjectType('PushDevice')
export class PushDeviceType {
  @Field(() => ID)
  id!: string;

  @Field(() => DevicePlatform)
  platform!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@InputType()
export class RequestLoginCodeInput {
  @Field(() => String)
  @IsString()
  @TextLength(0, 32)
  phone!: string;

  @Field(() => LoginChannel)
  @IsIn(LOGIN_CHANNELS)
  channel!: (typeof LOGIN_CHANNELS)[number];
}

@InputType()
export class VerifyLoginCodeInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(64)
  challengeId!: string;

  @Field(() => String, { description: 'The six digits of the code.' })
  @IsString()
  @HasFormat('loginCode', /^\d{6}$/)
  code!: string;

  @Field(() => DevicePlatform, { nullable: true, description: 'Shown in the session list.' })
  @IsOptional()
  @IsIn(DEVICE_PLATFORMS)
  platform?: (typeof DEVICE_PLATFORMS)[number] | null;
}

@InputType()
export class RegisterDeviceInput {
  @Field(() => String)
  @IsString()
  @TextLength(8, 512)
  token!: string;

  @Field(() => DevicePlatform)
  @IsIn(DEVICE_PLATFORMS)
  platform!: (typeof DEVICE_PLATFORMS)[number];
}

@InputType()
export class SetRoleInput {
  @Field(() => ID)
  @IsUUID()
  userId!: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES)
  role!: (typeof ROLES)[number];
}

@ArgsType()
export class RefreshSessionArgs {
  @Field(() => String, { description: 'The refresh token of the pair being replaced (up to 200 characters).' })
  @IsString()
  @TextLength(1, 200)
  refreshToken!: string;
}
