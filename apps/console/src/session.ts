// The admin token lives in sessionStorage: entered once per tab, gone when the tab closes.

const KEY = 'checkout.console.adminToken';

export function loadAdminToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveAdminToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearAdminToken(): void {
  sessionStorage.removeItem(KEY);
}
