// The dashboard as static files in dist/, served by the server at /admin (http/dashboard.ts).
// No plugins: Vite's own transform handles TSX; @keyward/client is bundled from its sources.
import { defaultClientConditions, defineConfig } from "vite";

export default defineConfig({
  base: "/admin/",
  resolve: { conditions: ["@keyward/source", ...defaultClientConditions] },
  build: {
    target: "es2022",
    // The polyfill would be an inline script; every supported browser preloads modules itself.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // React libraries mark modules "use client" for server components; a SPA has none.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
