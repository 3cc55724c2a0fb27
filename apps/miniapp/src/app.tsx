import { type PropsWithChildren, useEffect } from 'react';
import { shopperMessage } from './api/errors';
import { getAppServices } from './services';
import './app.css';

// The app shell: pages render as children. Logging in on launch means the first tap needs no round trip.
function App({ children }: PropsWithChildren) {
  useEffect(() => {
    const { api, port } = getAppServices();
    api.ensureSession().catch((error: unknown) => port.toast(shopperMessage(error)));
  }, []);
  return children;
}

export default App;
