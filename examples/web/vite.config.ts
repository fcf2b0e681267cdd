import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** Where the profile service runs (`npm start`); the page calls same-origin /graphql and Vite forwards it there. */
const service = process.env.PROFILE_SERVICE_URL ?? "http://localhost:4000";
const proxy = { "/graphql": { target: service, changeOrigin: true } };

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  build: { outDir: "dist", emptyOutDir: true },
});
