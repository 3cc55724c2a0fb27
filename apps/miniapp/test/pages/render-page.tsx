// Renders a page with the real API client and checkout flow over a fake platform port.
import { render } from '@testing-library/react';
import type { ComponentType } from 'react';
import { createServices } from '../../src/services';
import { ServicesContext } from '../../src/use-services';
import { API_BASE, type createFakePort } from '../fake-port';

export function renderPage(Page: ComponentType, fake: ReturnType<typeof createFakePort>) {
  const services = createServices(fake.port, API_BASE);
  const view = render(
    <ServicesContext.Provider value={services}>
      <Page />
    </ServicesContext.Provider>,
  );
  return { services, ...view };
}
