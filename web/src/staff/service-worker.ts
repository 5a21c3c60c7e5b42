// Registers public/sw.js (scope /), which keeps the app shell so the staff app opens without a
// network once it has been opened with one. The bundles this page loaded before the worker took
// over are handed to it to keep; its answer says when the app can open offline.
import { useSyncExternalStore } from "react";

let offlineReady = false;
const listeners = new Set<() => void>();

export function registerServiceWorker() {
  // Not under the development server (hot reload): its modules are not bundles, and a kept page
  // would go stale. (import.meta.env.DEV is no test of that: a build run with NODE_ENV=test has it.)
  if (import.meta.hot || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then(keepLoadedBundles)
    .catch(() => {
      // Without a worker the app still works online, and the visit queue still works offline.
    });
}

function keepLoadedBundles(registration: ServiceWorkerRegistration) {
  const bundles = new Set<string>();
  for (const entry of performance.getEntriesByType("resource")) {
    const url = new URL(entry.name);
    if (url.origin === location.origin && url.pathname.startsWith("/assets/")) bundles.add(url.pathname);
  }
  for (const element of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[href]")) {
    const url = new URL("src" in element ? element.src : element.href, location.href);
    if (url.origin === location.origin && url.pathname.startsWith("/assets/")) bundles.add(url.pathname);
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<{ ready?: boolean }>) => {
    offlineReady = event.data.ready === true;
    for (const listener of listeners) listener();
  };
  registration.active?.postMessage({ type: "cache-assets", urls: [...bundles] }, [channel.port2]);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the app shell is kept, so the app opens without a network. */
export function useOfflineReady(): boolean {
  return useSyncExternalStore(subscribe, () => offlineReady);
}
