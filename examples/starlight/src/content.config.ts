import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

// The keys `pipeline build` adds to every page: its language and its translation's state.
const pipeline = z.object({
  lang: z.string().optional(),
  dir: z.enum(['ltr', 'rtl']).optional(),
  translation: z.record(z.string(), z.any()).optional(),
});

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema({ extend: pipeline }) }),
};
