// Vite serves and builds the UI for the Tauri shell; Vitest reuses the same config.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Keep Rust's compiler output visible when `tauri dev` runs Vite.
  clearScreen: false,
  server: {
    // tauri.conf.json points `devUrl` here; fail instead of silently moving to another port.
    port: 1420,
    strictPort: true,
    watch: { ignored: ['**/src-tauri/**'] },
  },
  envPrefix: ['VITE_', 'TAURI_ENV_*'],
  build: {
    // The oldest engines Tauri 2 ships on: WebView2 (Chromium) on Windows, WebKit on macOS/Linux.
    target: ['chrome105', 'safari15'],
    sourcemap: true,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    restoreMocks: true,
  },
});
