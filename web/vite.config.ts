import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'

// The API server the dev server proxies to (`fenghuo serve` defaults to port 8080).
const apiTarget = process.env.FENGHUO_API ?? 'http://127.0.0.1:8080'

/**
 * Vant's icon font lists a CDN `woff` file after its inline `woff2`; browsers never need
 * it, the CSP would block it, and we ship no CDN references. Strip it.
 */
function stripCdnFontFallback(): Plugin {
  return {
    name: 'fenghuo:strip-cdn-font',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('vant') || !id.endsWith('.css')) return null
      const stripped = code.replace(/,\s*url\(\/\/at\.alicdn\.com\/[^)]*\)\s*format\("woff"\)/g, '')
      return stripped === code ? null : { code: stripped, map: null }
    },
  }
}

/**
 * read-excel-file unzips with fflate's asynchronous `unzip`, which moves big entries to a
 * Worker built from a `blob:` URL; the server's CSP forbids that and the import would hang.
 * Give read-excel-file (only) a copy of fflate whose `unzip` runs synchronously.
 */
function fflateWithoutWorkers(): Plugin {
  const shim = fileURLToPath(new URL('./src/views/resources/import/fflateNoWorker.ts', import.meta.url))
  return {
    name: 'fenghuo:fflate-without-workers',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'fflate' && importer && /[\\/]read-excel-file[\\/]/.test(importer)) return shim
      return null
    },
  }
}

/**
 * The server answers any path under /m/ with m/index.html and any other non-API path with
 * index.html. Do the same in `vite` and `vite preview` so deep links work while developing.
 */
function spaFallback(): Plugin {
  const rewrite = (req: { url?: string; headers: { accept?: string } }) => {
    const url = req.url ?? '/'
    const path = url.split('?')[0] ?? '/'
    if (path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(path)) return
    if (!(req.headers.accept ?? '').includes('text/html')) return
    if (path === '/m' || path.startsWith('/m/')) req.url = '/m/index.html'
  }
  return {
    name: 'fenghuo:spa-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        rewrite(req)
        next()
      })
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, _res, next) => {
        rewrite(req)
        next()
      })
    },
  }
}

export default defineConfig({
  plugins: [
    stripCdnFontFallback(),
    fflateWithoutWorkers(),
    vue(),
    Components({
      dts: 'src/components.d.ts',
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()],
    }),
    spaFallback(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      input: {
        desktop: fileURLToPath(new URL('./index.html', import.meta.url)),
        mobile: fileURLToPath(new URL('./m/index.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [
            // The framework both apps load first, cached across releases of our own code.
            {
              name: 'framework',
              test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/,
              priority: 10,
            },
            // ECharts for the monitoring theme pages: loaded with them only, cached on its own.
            {
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false, ws: true },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false, ws: true },
    },
  },
})
