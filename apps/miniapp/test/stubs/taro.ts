// Stand-ins for the Taro hooks the pages use: the router params a test sets, and "did show" = mount.
import { useEffect } from 'react';

let routerParams: Record<string, string> = {};

export function setRouterParams(params: Record<string, string>): void {
  routerParams = params;
}

export function useRouter(): { params: Record<string, string>; path: string } {
  return { params: routerParams, path: '' };
}

export function useDidShow(callback: () => void): void {
  // Runs once per mount, as a page show does.
  useEffect(callback, []);
}

/** The Taro APIs the h5 adapter calls for page chrome; recorded so a test can read them. */
export const taroCalls: string[] = [];

export default {
  navigateTo: async ({ url }: { url: string }) => void taroCalls.push(`navigateTo ${url}`),
  redirectTo: async ({ url }: { url: string }) => void taroCalls.push(`redirectTo ${url}`),
  showToast: async ({ title }: { title: string }) => void taroCalls.push(`showToast ${title}`),
  showLoading: async ({ title }: { title: string }) => void taroCalls.push(`showLoading ${title}`),
  hideLoading: async () => void taroCalls.push('hideLoading'),
};
