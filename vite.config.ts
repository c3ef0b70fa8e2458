import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/**
 * Vendor code split by how often it changes: react rarely, antd per release, the rest in between.
 * Only what the shell needs at start (`$initial`) is grouped; antd components used by a single
 * lazy page stay with that page, so the first load does not carry every component.
 */
const vendorGroups = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
  {
    name: 'antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion)[\\/]/,
    tags: ['$initial' as const],
    priority: 20,
  },
  { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial' as const], priority: 10 },
];

/** Source files under web/api/ share the /api prefix with the server; serve those from Vite. */
const apiProxy = {
  target: 'http://127.0.0.1:3000',
  changeOrigin: false,
  bypass: (req: { url?: string }) => (/\.(tsx?|jsx?|mjs|map)(\?|$)/.test(req.url ?? '') ? req.url : undefined),
};

export default defineConfig({
  root,
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': apiProxy },
  },
  preview: { port: 4173, proxy: { '/api': apiProxy } },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
});
