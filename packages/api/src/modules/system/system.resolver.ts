import { Query, Resolver } from 'type-graphql';
import { ServerInfo } from './system.types.js';
import { apiVersion } from '../../lib/version.js';

@Resolver()
export class SystemResolver {
  @Query(() => ServerInfo, { description: 'Version and clock of the API; needs no login.' })
  serverInfo(): ServerInfo {
    return { version: apiVersion, serverTime: new Date(), businessTimeZone: 'Europe/Moscow' };
  }
}
