import { defineRouteMiddleware } from '@astrojs/starlight/route-data';

const REVIEWS: Record<string, string> = {
  'not-reviewed': 'This translation has not yet been reviewed by a native speaker.',
  'partly-reviewed': 'Parts of this translation have not yet been reviewed by a native speaker.',
};

// <html lang dir> from the page's own language (English on a fallback page, Starlight's or
// ours), hreflang alternates only for the languages the page is translated into, and the
// translation's review note (`translation.review`) as Starlight's banner.
export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const data = route.entry.data as {
    lang?: string;
    dir?: 'ltr' | 'rtl';
    translation?: { alternates?: string[]; review?: string };
  };
  const review = route.isFallback ? '' : data.translation?.review;
  if (review && REVIEWS[review]) {
    route.entry.data.banner = {
      content: `<span class="review-notice" data-review="${review}" lang="en">${REVIEWS[review]}</span>`,
    };
  }
  if (data.lang) {
    route.lang = data.lang;
    route.dir = data.dir ?? 'ltr';
  }
  const published = route.isFallback ? ['en'] : data.translation?.alternates;
  if (published) {
    route.head = route.head.filter(
      (tag) => tag.tag !== 'link' || tag.attrs?.rel !== 'alternate' || published.includes(String(tag.attrs?.hreflang)),
    );
    const english = route.head.find((tag) => tag.attrs?.rel === 'alternate' && tag.attrs?.hreflang === 'en');
    if (english) route.head.push({ ...english, attrs: { ...english.attrs, hreflang: 'x-default' } });
  }
});
