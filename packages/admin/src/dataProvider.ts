import type { DataProvider } from 'react-admin';
import { ApiError, isApiError } from './api/client';
import { api } from './api/graphql';
import { formField, refusalText, ruleText, type FieldError } from './errors';
import { i18nProvider } from './i18n';
import type { ResourceProvider } from './modules';
import { modules } from './registry';

/** Each module's slice, loaded with its documents on the first call for its resource. */
const loaded = new Map<string, Promise<ResourceProvider>>();
function sliceOf(resource: string): Promise<ResourceProvider> | undefined {
  const load = modules.find((module) => module.name === resource)?.dataProvider;
  if (!load) return undefined;
  let slice = loaded.get(resource);
  if (!slice) {
    slice = load().then((create) => create(api));
    // A failed load (a network blip) is tried again on the next call.
    slice.catch(() => loaded.delete(resource));
    loaded.set(resource, slice);
  }
  return slice;
}

/**
 * A refusal as react-admin shows it: the message is the panel's words for it (src/errors.ts), which its notices
 * print, and the field rules go under the inputs (`body.errors`); the code and status stay for the auth checks.
 */
function asRefusal(error: unknown): unknown {
  if (!isApiError(error)) return error;
  const locale = i18nProvider.getLocale();
  const refusal = new ApiError(refusalText(error, locale), error.code, error.extensions, error.status, error.sentAt);
  const fieldErrors = error.extensions['fieldErrors'];
  if (!Array.isArray(fieldErrors)) return refusal;
  const errors = Object.fromEntries(
    (fieldErrors as FieldError[]).map((entry) => [formField(entry.field), ruleText(entry, locale)]),
  );
  return Object.assign(refusal, { body: { errors } });
}

async function serve<K extends keyof ResourceProvider, R>(
  resource: string,
  method: K,
  call: (implementation: NonNullable<ResourceProvider[K]>) => Promise<R>,
): Promise<R> {
  const implementation = (await sliceOf(resource))?.[method];
  if (!implementation) throw new Error(`${method} is not supported for ${resource}`);
  try {
    return await call(implementation);
  } catch (error) {
    throw asRefusal(error);
  }
}

const unsupported = (method: string) => (resource: string) =>
  Promise.reject(new Error(`${method} is not supported for ${resource}`));

/** The panel's data provider: each module serves its own resource over the typed GraphQL documents. */
export const dataProvider: DataProvider = {
  getList: (resource, params) => serve(resource, 'getList', (getList) => getList(resource, params)),
  getOne: (resource, params) => serve(resource, 'getOne', (getOne) => getOne(resource, params)),
  getMany: (resource, params) => serve(resource, 'getMany', (getMany) => getMany(resource, params)),
  create: (resource, params) => serve(resource, 'create', (create) => create(resource, params)),
  update: (resource, params) => serve(resource, 'update', (update) => update(resource, params)),
  delete: (resource, params) => serve(resource, 'delete', (remove) => remove(resource, params)),
  getManyReference: unsupported('getManyReference'),
  updateMany: unsupported('updateMany'),
  deleteMany: unsupported('deleteMany'),
};
