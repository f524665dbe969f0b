import { connectionType, ForwardPageArgs } from '../../lib/connection.types.js';
import { IsIn, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { AmountAtLeast, FieldsRule, HasFormat, TextLength, type FieldRule } from '../../lib/field-rules.js';
import { IDEMPOTENCY_KEY } from '../tickets/ticket.types.js';
import { BigIntScalar } from '../../lib/scalars.js';
import {
  CARD_APPLICATION_STATUSES,
  DESTINATION_KINDS,
  PAYOUT_FAILURE_CODES,
  WITHDRAWAL_STATUSES,
} from './wallet.entity.js';
import { enumOf } from '../../lib/graphql-enum.js';

export const WithdrawalStatusEnum = enumOf(WITHDRAWAL_STATUSES);
registerEnumType(WithdrawalStatusEnum, {
  name: 'WithdrawalStatus',
  valuesConfig: {
    PENDING: { description: 'Waiting for the payout job; the funds are held.' },
    PROCESSING: { description: 'With the bank; the funds are held.' },
    UNKNOWN: {
      description:
        'The bank did not answer: the money may or may not have left. The funds stay held until staff resolve it ' +
        '(resolvePayout) or ask the bank again with the same idempotency key (retryPayout).',
    },
    COMPLETED: { description: 'Paid out.' },
    FAILED: { description: 'The bank refused it; the funds went back to the wallet.' },
    CANCELLED: { description: 'Cancelled by staff.' },
  },
});
export const PayoutFailureCodeEnum = enumOf(PAYOUT_FAILURE_CODES);
registerEnumType(PayoutFailureCodeEnum, {
  name: 'PayoutFailureCode',
  description: 'Why a payout did not go through; clients phrase it in the reader’s language.',
  valuesConfig: {
    BANK_REJECTED: {
      description: 'The receiving bank refused the payment (FAILED); the funds went back to the wallet.',
    },
    BANK_NO_ANSWER: { description: 'The bank did not answer (UNKNOWN); the funds stay held until it is resolved.' },
  },
});
export const PayoutResolutionEnum = enumOf(['COMPLETED', 'FAILED'] as const);
registerEnumType(PayoutResolutionEnum, {
  name: 'PayoutResolution',
  valuesConfig: {
    COMPLETED: { description: 'The bank paid it: settle the payout.' },
    FAILED: { description: 'The bank did not pay it: return the funds to the wallet.' },
  },
});
export const DestinationKindEnum = enumOf(DESTINATION_KINDS);
registerEnumType(DestinationKindEnum, {
  name: 'WithdrawalDestinationKind',
  valuesConfig: {
    CARD: { description: 'The user’s own marketplace card account.' },
    BANK_ACCOUNT: { description: 'An account in another bank (recipient, BIK, 20-digit account).' },
  },
});
export const CardApplicationStatusEnum = enumOf(CARD_APPLICATION_STATUSES);
registerEnumType(CardApplicationStatusEnum, { name: 'CardApplicationStatus' });
export const CardDecisionEnum = { APPROVED: 'APPROVED', REJECTED: 'REJECTED', ISSUED: 'ISSUED' } as const;
registerEnumType(CardDecisionEnum, { name: 'CardDecision' });

@ObjectType('WalletTransaction')
export class WalletTransactionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'CREDIT, WITHDRAWAL_HOLD, WITHDRAWAL_RELEASE.' })
  type!: string;

  @Field(() => BigIntScalar, { description: 'Kopecks, signed: positive comes in, negative goes out.' })
  amount!: bigint;

  @Field(() => String, { description: 'The amount as people read it, e.g. "−500,00 ₽".' })
  amountFormatted!: string;

  @Field(() => String, { description: 'COMPLETED, or the withdrawal’s status for a withdrawal.' })
  status!: string;

  @Field(() => String, { description: 'Who or what is on the other side.' })
  counterparty!: string;

  @Field(() => Date)
  createdAt!: Date;
}

export const WalletTransactionConnection = connectionType('WalletTransaction', WalletTransactionType, {
  description: 'A page of a wallet’s movements.',
  totalCount: 'How many movements the wallet has had.',
});

@ObjectType('Wallet', { description: 'Money the user holds on the platform, in rubles.' })
export class WalletType {
  @Field(() => BigIntScalar, {
    description: 'Kopecks: everything, including amounts held for withdrawals in progress.',
  })
  balance!: bigint;

  @Field(() => String, { description: 'The balance as people read it, e.g. "1 234,56 ₽".' })
  balanceFormatted!: string;

  @Field(() => BigIntScalar, { description: 'Kopecks that can be withdrawn now.' })
  available!: bigint;

  @Field(() => String)
  availableFormatted!: string;

  @Field(() => String)
  currency!: string;

  userId!: string;
}

@ObjectType('Withdrawal')
export class WithdrawalType {
  @Field(() => ID)
  id!: string;

  @Field(() => BigIntScalar, { description: 'Kopecks.' })
  amount!: bigint;

  @Field(() => String)
  amountFormatted!: string;

  @Field(() => WithdrawalStatusEnum)
  status!: string;

  @Field(() => DestinationKindEnum)
  destinationKind!: string;

  @Field(() => String, { nullable: true })
  recipientName!: string | null;

  @Field(() => String, { nullable: true })
  bik!: string | null;

  @Field(() => String, { nullable: true, description: 'Masked: •••• 0025.' })
  accountNumberMasked!: string | null;

  @Field(() => PayoutFailureCodeEnum, {
    nullable: true,
    description: 'Why the payout did not go through: set while FAILED or UNKNOWN, null otherwise.',
  })
  failureCode!: string | null;

  @Field(() => ID)
  userId!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

export const WithdrawalConnection = connectionType('Withdrawal', WithdrawalType, {
  description: 'A page of withdrawals (payouts).',
  totalCount: false,
});

@ObjectType('WalletChange', { description: 'The wallet after a change, and the withdrawal it concerns if any.' })
export class WalletChangeType {
  @Field(() => WalletType)
  wallet!: WalletType;

  @Field(() => [WithdrawalType], { description: 'The user’s withdrawals in progress.' })
  activeWithdrawals!: WithdrawalType[];
}

@ObjectType('CardApplication')
export class CardApplicationType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  phone!: string;

  @Field(() => String)
  email!: string;

  @Field(() => CardApplicationStatusEnum)
  status!: string;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => Boolean, { description: 'False after a reset, until the customer sets a new one.' })
  codeWordSet!: boolean;

  @Field(() => Date, { nullable: true })
  codeWordResetAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The staff member who reset it.' })
  codeWordResetBy!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

export const CardApplicationConnection = connectionType('CardApplication', CardApplicationType, {
  description: 'A page of card applications.',
  totalCount: false,
});

@InputType()
export class ApplyForCardInput {
  @Field(() => String, { nullable: true, description: 'Defaults to the account’s phone.' })
  @IsOptional()
  @IsString()
  @TextLength(0, 32)
  phone?: string | null;

  @Field(() => String)
  @IsString()
  @TextLength(0, 254)
  email!: string;

  @Field(() => String, {
    description:
      '6–32 letters or digits (spaces and dashes inside allowed); proves identity to support later. Compared ' +
      'after Unicode normalisation (NFKC), case folding, ё = е and collapsing spaces: «Зелёная  Ёлка» and ' +
      '«зеленая елка» are the same word. Errors: BAD_USER_INPUT (fields.codeWord).',
  })
  @IsString()
  @TextLength(0, 64)
  codeWord!: string;
}

@InputType()
@FieldsRule<WithdrawalDestinationInput>((destination): Record<string, FieldRule> | undefined => {
  const given = (value: string | null | undefined) => Boolean(value?.trim());
  const { recipientName, bik, accountNumber } = destination;
  // A card needs no requisites; a bank account needs all three.
  if (destination.kind === 'CARD')
    return [recipientName, bik, accountNumber].some(given)
      ? { '': { rule: 'format', format: 'emptyForCard' } }
      : undefined;
  const missing: Record<string, FieldRule> = {};
  if (!given(recipientName)) missing['recipientName'] = { rule: 'required' };
  if (!given(bik)) missing['bik'] = { rule: 'required' };
  if (!given(accountNumber)) missing['accountNumber'] = { rule: 'required' };
  return missing;
})
export class WithdrawalDestinationInput {
  @Field(() => DestinationKindEnum)
  @IsIn(DESTINATION_KINDS)
  kind!: (typeof DESTINATION_KINDS)[number];

  @Field(() => String, { nullable: true, description: 'BANK_ACCOUNT: 2 to 200 characters. CARD: leave empty.' })
  @IsOptional()
  @IsString()
  @TextLength(2, 200, { orBlank: true })
  recipientName?: string | null;

  @Field(() => String, { nullable: true, description: 'BANK_ACCOUNT: the 9 digits of the BIK. CARD: leave empty.' })
  @IsOptional()
  @IsString()
  @HasFormat('digits', /^\d{9}$/, { orBlank: true })
  bik?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'BANK_ACCOUNT: the 20 digits of the account (spaces allowed). CARD: leave empty.',
  })
  @IsOptional()
  @IsString()
  @TextLength(0, 40)
  @HasFormat('digits', /^(?:\d\s*){19}\d$/, { orBlank: true })
  accountNumber?: string | null;
}

@InputType()
export class RequestWithdrawalInput {
  @Field(() => BigIntScalar, { description: 'Kopecks, at least 1.' })
  @AmountAtLeast(1n)
  amount!: bigint;

  @Field(() => WithdrawalDestinationInput)
  @ValidateNested()
  destination!: WithdrawalDestinationInput;

  @Field(() => String, { description: 'Client-generated, 8 to 100 letters, digits, - or _.' })
  @IsString()
  @HasFormat('key', IDEMPOTENCY_KEY)
  idempotencyKey!: string;
}

@InputType()
export class CreditWalletInput {
  @Field(() => ID)
  @IsUUID()
  userId!: string;

  @Field(() => BigIntScalar, { description: 'Kopecks, at least 1.' })
  @AmountAtLeast(1n)
  amount!: bigint;

  @Field(() => String, { description: 'Refund, cashback, seller proceeds …: 1 to 300 characters.' })
  @IsString()
  @TextLength(1, 300)
  reason!: string;

  @Field(() => String, { description: 'Client-generated, 8 to 100 letters, digits, - or _.' })
  @IsString()
  @HasFormat('key', IDEMPOTENCY_KEY)
  idempotencyKey!: string;
}

@ArgsType()
export class ResolvePayoutArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => PayoutResolutionEnum)
  @IsIn(['COMPLETED', 'FAILED'])
  outcome!: 'COMPLETED' | 'FAILED';

  @Field(() => String, { nullable: true, description: 'What the bank said (up to 200 characters).' })
  @IsOptional()
  @IsString()
  @TextLength(0, 200)
  note?: string | null;
}

@ArgsType()
@FieldsRule<DecideCardArgs>(({ decision, reason }): Record<string, FieldRule> | undefined =>
  decision === 'REJECTED' && !reason?.trim() ? { reason: { rule: 'required' } } : undefined,
)
export class DecideCardArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => CardDecisionEnum)
  @IsIn(['APPROVED', 'REJECTED', 'ISSUED'])
  decision!: 'APPROVED' | 'REJECTED' | 'ISSUED';

  @Field(() => String, { nullable: true, description: 'Why (required to reject): up to 500 characters.' })
  @IsOptional()
  @IsString()
  @TextLength(0, 500)
  reason?: string | null;
}

@ArgsType()
export class CodeWordArgs {
  @Field(() => String, { description: 'As the customer says it, up to 64 characters.' })
  @IsString()
  @TextLength(0, 64)
  codeWord!: string;
}

@ArgsType()
export class VerifyCodeWordArgs extends CodeWordArgs {
  @Field(() => ID)
  @IsString()
  userId!: string;
}

@ArgsType()
@FieldsRule<CardApplicationsArgs>(({ phone }): Record<string, FieldRule> | undefined =>
  phone?.trim() && phone.replace(/\D/g, '').length < 4 ? { phone: { rule: 'minDigits', min: 4 } } : undefined,
)
export class CardApplicationsArgs extends ForwardPageArgs {
  @Field(() => CardApplicationStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(CARD_APPLICATION_STATUSES)
  status?: (typeof CARD_APPLICATION_STATUSES)[number] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Digits the phone contains (at least 4; 8 900… is read as +7 900…), up to 32 characters.',
  })
  @IsOptional()
  @IsString()
  @TextLength(0, 32)
  phone?: string | null;
}
