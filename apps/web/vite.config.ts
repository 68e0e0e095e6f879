import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The dev server proxies the API so the browser sees one origin, as it does in production.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'build', emptyOutDir: true, sourcemap: true },
  server: {
    port: 3000,
    strictPort: true,
    proxy: { '/api': { target: 'http://localhost:5001', changeOrigin: true } },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Component tests drive real Mantine inputs with user-event; a busy 2-core CI box needs more than 5 s.
    testTimeout: 15_000,
    // jsdom's fetch needs absolute URLs; the browser resolves the app's relative ones itself.
    env: { VITE_API_BASE_URL: 'http://localhost:3000' },
  },
});
