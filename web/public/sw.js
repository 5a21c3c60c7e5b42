// The staff app's service worker: keeps the app shell (index.html and the content-hashed bundles)
// so that a phone that opened the app once can open it again without a network. The API itself
// (/graphql) and the development sign-in (/dev/*) are never cached: visits wait in the app's own
// IndexedDB queue instead. Registered by the staff pages (src/staff/service-worker.ts).
// The build names the cache after its files (web/service-worker-version.ts): a new build is a new worker,
// whose activation deletes the caches of the builds before it.
const SHELL_CACHE = "grassroots-shell-v1";
// The page every navigation falls back to offline: the app routes on the client.
const SHELL_PAGE = "/";
const PRECACHE = [SHELL_PAGE, "/app-config.json", "/manifest.webmanifest", "/icon.svg", "/icon-192.png", "/icon-512.png"];
// Served by the gateway, not by the app: never answered from here.
const NOT_THE_APP = /^\/(graphql|dev|health|metrics|open-data)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// The page lists the bundles it loaded before this worker controlled it (the first visit), so
// that they are kept too; the answer says when the app can open offline. The worker then also
// takes the page (again), in case the claim made while activating missed it (a page still loading,
// most likely): an uncontrolled page would fetch a bundle it loads later from the network, and
// fail offline.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "cache-assets") return;
  const urls = (event.data.urls ?? []).filter((url) => typeof url === "string" && url.startsWith("/assets/"));
  const port = event.ports[0];
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then(async (cache) => {
        const missing = [];
        for (const url of urls) if (!(await cache.match(url))) missing.push(url);
        await cache.addAll(missing);
        if (!(await cache.match(SHELL_PAGE))) await cache.add(SHELL_PAGE);
        // Taking pages already taken changes nothing; failing to take one still leaves the shell kept.
        await self.clients.claim().catch(() => {});
      })
      .then(
        () => port?.postMessage({ ready: true }),
        () => port?.postMessage({ ready: false }),
      ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NOT_THE_APP.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, SHELL_PAGE));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request));
  } else if (PRECACHE.includes(url.pathname)) {
    // The sign-in settings, the manifest and the icon: fresh when online, kept for offline.
    event.respondWith(networkFirst(request, url.pathname));
  }
  // Anything else (/graphql, /dev/*, /open-data/*) goes to the network untouched.
});

/** The network's answer, kept under `cacheKey`; the kept one when the network fails. */
async function networkFirst(request, cacheKey) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && isKeptAs(response, cacheKey)) await cache.put(cacheKey, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(cacheKey);
    if (kept) return kept;
    throw error;
  }
}

/** Only the app's page is kept as the shell page (not, say, an error page in another format). */
function isKeptAs(response, cacheKey) {
  return cacheKey !== SHELL_PAGE || (response.headers.get("content-type") ?? "").includes("text/html");
}

/** Bundles are named by their content: a kept one is never stale. */
async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
