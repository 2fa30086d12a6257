// The smallest Starlight site over `pipeline build`'s output: the pipeline writes
// src/content/docs/ and locales.json (`defaultLocale`, `locales`); the rest is the site's.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import locales from './locales.json' with { type: 'json' };

export default defineConfig({
  site: 'http://localhost',
  integrations: [
    starlight({
      title: 'Translations',
      ...locales,
      routeMiddleware: './src/routeData.ts',
    }),
  ],
});
