'use client';

import { useSyncExternalStore } from 'react';

const subscribeNever = () => () => {};

/**
 * False while the server-rendered HTML is not yet hydrated, true once React runs in the browser.
 * A control that does nothing before hydration (a button with an onClick) is disabled until then,
 * so a click never lands on a dead control (and browser tests wait for it to be enabled).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}
