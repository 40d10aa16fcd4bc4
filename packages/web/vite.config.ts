import { defineConfig } from 'vite';
import { appShell } from './src/app-shell/vite-plugin.ts';

const server = 'http://localhost:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [appShell()],
  build: {
    // `npm run build` writes to dist-next and swaps it in whole, so a running server never
    // serves a half-written dist.
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': server,
      '/ws': { target: server, ws: true },
    },
  },
});
