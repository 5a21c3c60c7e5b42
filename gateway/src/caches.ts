// Per-request work the gateway need not repeat: asking the delegates subgraph which place a room
// serves. The cache is bounded (least recently used goes first) and forgets each entry when it
// expires; verified tokens are cached the same way (@grassroots/platform, src/token-cache.ts).
import type { Directory } from "@grassroots/directory";
import { ExpiringCache } from "@grassroots/platform";

export interface RoomCacheOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => number;
}

/**
 * The place each room serves, asked once per room per ttlMs however many requests its staff send;
 * concurrent requests for one room share the one look-up.
 */
export function cachingRooms(rooms: Pick<Directory, "roomPlace">, options: RoomCacheOptions = {}): Pick<Directory, "roomPlace"> {
  const ttlMs = options.ttlMs ?? 30_000;
  const cache = new ExpiringCache<Promise<string | null>>(options.maxEntries ?? 1000, options.now);
  return {
    roomPlace(roomId) {
      const known = cache.get(roomId);
      if (known) return known;
      const place = rooms.roomPlace(roomId);
      cache.set(roomId, place, ttlMs);
      // A failed look-up is not kept: the next request asks again.
      place.catch(() => cache.delete(roomId));
      return place;
    },
  };
}
