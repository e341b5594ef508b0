import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** Where `npm run dev -w web` sends API calls; override with ENCLAVE_API_URL. */
const apiTarget = process.env.ENCLAVE_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  // Workspace packages (@enclave/contracts) from their sources, not their built dist.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/cgi-bin': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            // Small helpers both UI kits use: their own chunk, so neither face loads the other's kit for them.
            {
              name: 'shared',
              test: /node_modules[\\/](classnames|@babel[\\/]runtime|tslib|react-is|use-sync-external-store)[\\/]/,
              priority: 28,
            },
            // The member client's UI kit and what only it pulls in: kept out of the console's chunks
            // (its global CSS too), and the console's antd kept out of the member client's.
            {
              name: 'antd-mobile',
              test: /node_modules[\\/](antd-mobile[^\\/]*|@react-spring|@use-gesture|@floating-ui|ahooks|rc-util|rc-field-form|rc-segmented|rc-motion|runes2|staged-components|nano-memoize|deepmerge|lodash|js-cookie|screenfull|resize-observer-polyfill|async-validator|react-fast-compare)[\\/]/,
              priority: 25,
            },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules/, priority: 10 },
          ],
        },
      },
    },
  },
});
