// The queue as the pages see it, and the sending that runs while the staff app is open: at start,
// whenever the network comes back, and while something waits, again after 5 s, 10 s, … up to 2 min.
import { useEffect, useState } from "react";
import { forgetOldStored, type QueuedVisit, queueOf, subscribe } from "./store";
import { flushQueue, hasDue } from "./sync";

/** After a failed send, wait this long, doubling up to the most, before sending again. */
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 120_000;

/** The person's queue, oldest first; null while it is read. */
export function useQueue(owner: string): QueuedVisit[] | null {
  const [items, setItems] = useState<QueuedVisit[] | null>(null);
  useEffect(() => {
    let latest = 0;
    const load = () => {
      const read = ++latest;
      void queueOf(owner).then((next) => {
        if (read === latest) setItems(next);
      });
    };
    load();
    const unsubscribe = subscribe(load);
    return () => {
      latest = -1;
      unsubscribe();
    };
  }, [owner]);
  return items;
}

export function useQueueSending(owner: string, items: QueuedVisit[] | null) {
  useEffect(() => {
    void forgetOldStored(owner).then(() => flushQueue(owner));
    const onOnline = () => void flushQueue(owner);
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [owner]);

  const due = items ? hasDue(items) : false;
  useEffect(() => {
    if (!due) return;
    let delay = FIRST_RETRY_MS;
    let timer: number | undefined;
    let stopped = false;
    const retry = () => {
      timer = window.setTimeout(async () => {
        await flushQueue(owner);
        delay = Math.min(delay * 2, LONGEST_RETRY_MS);
        if (!stopped) retry();
      }, delay);
    };
    retry();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [owner, due]);
}
