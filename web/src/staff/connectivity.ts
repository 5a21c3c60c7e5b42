// Whether the API can be reached: the browser's own word (navigator.onLine, which only knows
// whether there is a network at all) and what the last request learnt (a phone with one bar
// says it is online while nothing gets through).
import { useSyncExternalStore } from "react";
import { ApiError } from "../api/client";

let lastRequestFailed = false;
const listeners = new Set<() => void>();

function changed() {
  for (const listener of listeners) listener();
}

/** Called with every request's outcome: a network failure marks the API unreachable until one gets through. */
export function reportRequest(error?: unknown) {
  const failed = error instanceof ApiError && error.code === "NETWORK";
  if (failed !== lastRequestFailed) {
    lastRequestFailed = failed;
    changed();
  }
}

export const isNetworkError = (error: unknown) => error instanceof ApiError && error.code === "NETWORK";

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onOnline = () => {
    // A network is back: the next request decides whether the API is too.
    lastRequestFailed = false;
    listener();
  };
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("online", onOnline);
    window.removeEventListener("offline", listener);
  };
}

export const isOnline = () => navigator.onLine && !lastRequestFailed;

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, isOnline);
}
