import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API to a running affinity server (AFFINITY_URL, default :8080), so
// the console is developed against the real API; `affinity serve --web dist` serves the build.
const api = process.env.AFFINITY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/v1': api } },
  preview: { proxy: { '/v1': api } },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1000 },
});
