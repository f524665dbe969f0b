import type { ComponentType, LazyExoticComponent } from 'react';
import type {
  CreateParams,
  CreateResult,
  DeleteParams,
  DeleteResult,
  GetListParams,
  GetListResult,
  GetManyParams,
  GetManyResult,
  GetOneParams,
  GetOneResult,
  ResourceProps,
  UpdateParams,
  UpdateResult,
} from 'react-admin';
import type { Role } from '@support/schema';
import type { GraphQLClient } from './api/client';

/**
 * A module's strings (keys under `support.<module>`), deep-merged into the panel's messages. Both load on demand:
 * the login page needs none of them (the panel's own strings, src/i18n, cover it); they are in place before
 * anything behind the login renders (see `loadAreaStrings`).
 */
export interface ModuleMessages<T extends object = object> {
  ru: () => Promise<T>;
  en: () => Promise<T>;
}

/**
 * A module's slice of the data provider: react-admin's methods for its one resource, with the records the module's
 * documents return (the panel's data provider, src/dataProvider.ts, dispatches to it and words its refusals).
 */
export interface ResourceProvider {
  getList?(resource: string, params: GetListParams): Promise<GetListResult>;
  getOne?(resource: string, params: GetOneParams): Promise<GetOneResult>;
  getMany?(resource: string, params: GetManyParams): Promise<GetManyResult>;
  create?(resource: string, params: CreateParams): Promise<CreateResult>;
  update?(resource: string, params: UpdateParams): Promise<UpdateResult>;
  delete?(resource: string, params: DeleteParams): Promise<DeleteResult>;
}

/** A page of its own (not a react-admin resource), with a menu entry. */
export interface ModulePage {
  path: string;
  component: LazyExoticComponent<ComponentType> | ComponentType;
  /** Translation key of the menu label. */
  label: string;
  icon: ComponentType;
}

/**
 * One area of the panel (a folder under src/): its react-admin resource and/or pages, the part of the data provider
 * that serves the resource, its strings, and who may see it. The API enforces the same roles on every operation;
 * hiding is only so that staff are not shown what they cannot use.
 */
export interface AdminModule {
  name: string;
  /** Roles that see the module; absent: every staff role. */
  roles?: readonly Role[];
  resource?: Omit<ResourceProps, 'name'>;
  /**
   * Loads the factory of the module's slice of the data provider. Loaded on first use, so that its typed documents
   * stay out of the login page's JavaScript.
   */
  dataProvider?: () => Promise<(api: GraphQLClient) => ResourceProvider>;
  pages?: readonly ModulePage[];
  messages: ModuleMessages;
  /** Only where development tools can be expected (see `developmentTools`). */
  developmentOnly?: boolean;
}

/**
 * Whether the API can be expected to serve its development tools (GET /dev/outbox is mounted everywhere but
 * production): a development build, or the panel opened on this machine. Pages that use them still ask the API.
 */
export const developmentTools =
  import.meta.env.DEV ||
  (typeof window !== 'undefined' && ['localhost', '127.0.0.1', '[::1]'].includes(window.location.hostname));

export const isVisibleTo =
  (roles: readonly Role[]) =>
  (module: AdminModule): boolean =>
    (!module.developmentOnly || developmentTools) &&
    (!module.roles || module.roles.some((role) => roles.includes(role)));
