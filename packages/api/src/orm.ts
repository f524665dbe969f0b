import type { Options } from '@mikro-orm/core';
import { baseOptions, openORM, type DatabaseTarget, type Orm } from './db/orm.js';
import { entities } from './entities.js';

/** The application's ORM options: the database layer's defaults and the explicit entity list. */
export const ormOptions = (): Partial<Options> => ({ ...baseOptions(), entities: [...entities] });

/** Builds the ORM for the server, scripts and tests alike: PostgreSQL when a URL is given, PGlite otherwise. */
export const initORM = (target: DatabaseTarget, overrides: Partial<Options> = {}): Promise<Orm> =>
  openORM(target, { entities: [...entities], ...overrides });
