import type { DataProvider } from 'react-admin';
import { api } from './api/graphql';
import { modules } from './registry';

type Method = (resource: string, params: unknown) => Promise<never>;

type Implementation = Partial<Record<string, Method>>;

/** Each module's slice, loaded with its documents on the first call for its resource. */
const loaded = new Map<string, Promise<Implementation>>();
function implementationOf(resource: string): Promise<Implementation> | undefined {
  const load = modules.find((module) => module.name === resource)?.dataProvider;
  if (!load) return undefined;
  let implementation = loaded.get(resource);
  if (!implementation) {
    implementation = load().then((create) => create(api) as Implementation);
    // A failed load (a network blip) is tried again on the next call.
    implementation.catch(() => loaded.delete(resource));
    loaded.set(resource, implementation);
  }
  return implementation;
}

const dispatch =
  (method: string): Method =>
  async (resource, params) => {
    const implementation = (await implementationOf(resource))?.[method];
    if (!implementation) throw new Error(`${method} is not supported for ${resource}`);
    return implementation(resource, params);
  };

/** The panel's data provider: each module serves its own resource over the typed GraphQL documents. */
export const dataProvider = Object.fromEntries(
  ['getList', 'getOne', 'getMany', 'getManyReference', 'create', 'update', 'updateMany', 'delete', 'deleteMany'].map(
    (method) => [method, dispatch(method)],
  ),
) as unknown as DataProvider;
