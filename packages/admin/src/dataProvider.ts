import type { DataProvider } from 'react-admin';
import { api } from './auth/authProvider';
import { modules } from './registry';

type Method = (resource: string, params: unknown) => Promise<never>;

const resources: Record<string, Partial<Record<string, Method>>> = Object.fromEntries(
  modules.flatMap((module) =>
    module.dataProvider ? [[module.name, module.dataProvider(api) as Partial<Record<string, Method>>]] : [],
  ),
);

const dispatch =
  (method: string): Method =>
  (resource, params) => {
    const implementation = resources[resource]?.[method];
    if (!implementation) return Promise.reject(new Error(`${method} is not supported for ${resource}`));
    return implementation(resource, params);
  };

/** The panel's data provider: each module serves its own resource over the typed GraphQL documents. */
export const dataProvider = Object.fromEntries(
  ['getList', 'getOne', 'getMany', 'getManyReference', 'create', 'update', 'updateMany', 'delete', 'deleteMany'].map(
    (method) => [method, dispatch(method)],
  ),
) as unknown as DataProvider;
