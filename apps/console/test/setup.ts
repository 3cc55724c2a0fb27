import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
  // Each test starts on a URL without a view (filters and page live in the hash).
  window.history.replaceState(null, '', window.location.pathname);
});
