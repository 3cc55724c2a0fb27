// Pages reach the services through context so component tests can hand in a fake port.
import { createContext, useContext } from 'react';
import { getAppServices, type Services } from './services';

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  return useContext(ServicesContext) ?? getAppServices();
}
