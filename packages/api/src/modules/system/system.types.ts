import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Facts about the running API, for clients to check what they talk to.' })
export class ServerInfo {
  @Field(() => String, { description: 'API version (the package version).' })
  version!: string;

  @Field(() => Date, { description: 'The server clock, UTC.' })
  serverTime!: Date;

  @Field(() => String, { description: 'Time zone the business rules use (Moscow time).' })
  businessTimeZone!: string;
}
