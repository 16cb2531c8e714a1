import { defineConfig } from "vitest/config";

// The bundle is served by the Starlette app at / (pactmap.webui's dist/), so every asset is
// local and addressed from the root; nothing is fetched from a CDN.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  worker: { format: "es" },
  server: {
    proxy: {
      "/graphql": { target: "http://127.0.0.1:8000", ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
