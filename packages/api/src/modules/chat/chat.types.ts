import { connectionType } from '../../lib/connection.types.js';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HasFormat, TextLength } from '../../lib/field-rules.js';
import { ORDER_NUMBER } from '../tickets/ticket.types.js';
import { SUPPORT_STATES } from './chat.entity.js';
import { enumOf } from '../../lib/graphql-enum.js';

export const ChatTabEnum = { BUYERS: 'BUYERS', SUPPORT: 'SUPPORT', SECURITY: 'SECURITY' } as const;
registerEnumType(ChatTabEnum, {
  name: 'ChatTab',
  valuesConfig: {
    BUYERS: { description: '«Покупатели»: buyers with sellers (a buyer sees sellers; a seller sees buyers).' },
    SUPPORT: { description: '«Поддержка»: conversations with support.' },
    SECURITY: { description: '«Безопасность»: system messages (login codes, new devices, ended sessions); read-only.' },
  },
});
export const SupportStateEnum = enumOf(SUPPORT_STATES);
registerEnumType(SupportStateEnum, { name: 'SupportChatState' });

@ObjectType('ChatCounterpart')
export class ChatCounterpartType {
  @Field(() => ID, { nullable: true })
  id!: string | null;

  @Field(() => String)
  displayName!: string;
}

@ObjectType('HelpSuggestion')
export class HelpSuggestionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;
}

@ObjectType('ChatMessage')
export class ChatMessageType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  chatId!: string;

  @Field(() => String, { description: 'As sent; render as plain text.' })
  text!: string;

  @Field(() => String, { description: 'USER, STAFF, BOT or SYSTEM.' })
  authorKind!: string;

  @Field(() => ID, { nullable: true })
  authorId!: string | null;

  @Field(() => Boolean, { description: 'Sent by the viewer.' })
  mine!: boolean;

  @Field(() => [HelpSuggestionType], { description: 'Articles the bot suggests.' })
  suggestions!: HelpSuggestionType[];

  @Field(() => Boolean, { description: 'The bot offers to call a person (requestHuman).' })
  offerHuman!: boolean;

  @Field(() => String, { nullable: true })
  clientMessageId!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('Chat')
export class ChatType {
  @Field(() => ID)
  id!: string;

  @Field(() => ChatTabEnum)
  tab!: string;

  @Field(() => ChatCounterpartType)
  counterpart!: ChatCounterpartType;

  @Field(() => String, { nullable: true, description: 'The product asked about.' })
  productId!: string | null;

  @Field(() => String, { nullable: true, description: 'The order asked about.' })
  orderNumber!: string | null;

  @Field(() => Int)
  unreadCount!: number;

  @Field(() => ChatMessageType, { nullable: true })
  lastMessage!: ChatMessageType | null;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => SupportStateEnum, { nullable: true, description: 'Support chats: bot, queued, assigned, closed.' })
  supportState!: string | null;

  @Field(() => ID, { nullable: true, description: 'The appeal this support chat became.' })
  ticketId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Support chats: the agent who took it.' })
  assigneeId!: string | null;
}

export const ChatConnection = connectionType('Chat', ChatType, {
  description: 'A page of chats.',
  totalCount: 'How many chats the whole list holds (the viewer’s chats in the tab; the support queue).',
});

export const ChatMessageConnection = connectionType('ChatMessage', ChatMessageType, {
  description: 'A page of a chat’s messages.',
  totalCount: 'How many messages the chat holds.',
});

@ObjectType('HelpArticle')
export class HelpArticleType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'Plain text with line breaks.' })
  body!: string;

  @Field(() => [String])
  tags!: string[];

  @Field(() => ID, { nullable: true })
  categoryId!: string | null;

  @Field(() => Boolean)
  published!: boolean;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType('HelpSearchHit')
export class HelpSearchHitType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  snippet!: string;

  @Field(() => Float)
  rank!: number;
}

const CLIENT_KEY = /^[\w-]{8,100}$/;

@ArgsType()
export class StartSupportChatArgs {
  @Field(() => String, { description: 'The first message: up to 4000 characters, not blank.' })
  @IsString()
  @TextLength(1, 4000)
  text!: string;
}

@ArgsType()
export class SearchHelpArgs {
  @Field(() => String, { description: 'The question, up to 300 characters.' })
  @IsString()
  @TextLength(0, 300)
  query!: string;

  @Field(() => Int, { nullable: true, defaultValue: 5 })
  first!: number;
}

@InputType()
export class StartChatInput {
  @Field(() => ID)
  @IsString()
  sellerId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 60)
  productId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @TextLength(0, 40)
  orderNumber?: string | null;

  @Field(() => String, { description: 'Up to 4000 characters, not blank.' })
  @IsString()
  @TextLength(1, 4000)
  text!: string;
}

@InputType()
export class SendMessageInput {
  @Field(() => ID)
  @IsString()
  chatId!: string;

  @Field(() => String, { description: 'Up to 4000 characters, not blank.' })
  @IsString()
  @TextLength(1, 4000)
  text!: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  attachmentIds?: string[] | null;

  @Field(() => String, {
    description:
      'Generated by the client (8 to 100 letters, digits, - or _); a retry with the same id is the same message.',
  })
  @IsString()
  @HasFormat('key', CLIENT_KEY)
  clientMessageId!: string;
}

@InputType()
export class ChatToTicketInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  problemId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 200 characters; required for «Другое».' })
  @IsOptional()
  @IsString()
  @TextLength(0, 200)
  otherSubject?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'As for createTicket: 5 to 40 digits and dashes, starting and ending with a digit. Blank is absent.',
  })
  @IsOptional()
  @IsString()
  @TextLength(5, 40, { orBlank: true })
  @HasFormat('orderNumber', ORDER_NUMBER, { orBlank: true })
  orderNumber?: string | null;
}

@InputType()
export class HelpArticleInput {
  @Field(() => String, { description: '3 to 200 characters (trimmed).' })
  @IsString()
  @TextLength(3, 200)
  title!: string;

  @Field(() => String, { description: '20 to 20000 characters (trimmed).' })
  @IsString()
  @TextLength(20, 20000)
  body!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'At most 20 tags of at most 40 characters each (they are searched together, up to 1000 characters).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @TextLength(0, 40, { each: true })
  tags?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  categoryId?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  published?: boolean | null;
}
