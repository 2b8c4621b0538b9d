import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.spec.ts'],
      environment: 'node',
      restoreMocks: true,
      // Component specs render Element Plus components, whose style imports only Vite can load.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
)
