import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { serviceWorkerVersion } from "./service-worker-version.ts";

// `npm run dev -w @grassroots/web` serves the pages with hot reload and sends the API to the gateway
// `npm start` runs; the gateway itself serves the built pages (dist/) at /.
const gateway = process.env.GATEWAY_URL ?? "http://127.0.0.1:4000";

export default defineConfig({
  plugins: [react(), serviceWorkerVersion()],
  build: { target: "es2022", sourcemap: true, chunkSizeWarningLimit: 600 },
  server: {
    proxy: Object.fromEntries(["/graphql", "/app-config.json", "/dev", "/open-data"].map((path) => [path, gateway])),
  },
});
