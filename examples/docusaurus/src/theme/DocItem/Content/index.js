// The notices of the page's front matter (`translation.notice`, `translation.review`, written by
// `pipeline build`) above the page's content, and hreflang alternates only for the languages the
// page is translated into (`translation.alternates`): the one layout partial this site adds.
import React from 'react';
import Head from '@docusaurus/Head';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { useAlternatePageUtils } from '@docusaurus/theme-common/internal';
import Content from '@theme-original/DocItem/Content';
import { useDoc } from '@docusaurus/plugin-content-docs/client';

const NOTICES = {
  fallback: 'This page is not translated yet: it is shown in English.',
  outdated: 'The English page has changed since this translation was made.',
  partial: 'Parts of this page are not translated yet and are shown in English.',
};
const REVIEWS = {
  'not-reviewed': 'This translation has not yet been reviewed by a native speaker.',
  'partly-reviewed': 'Parts of this translation have not yet been reviewed by a native speaker.',
};

// The theme links every locale's URL as an alternate, translated there or not. <Head> keeps one
// link per href, the innermost, so this one replaces the theme's link to each locale the page is
// not translated into by a link without hreflang: no longer a language alternate.
function UntranslatedAlternates({ published }) {
  const { localeConfigs } = useDocusaurusContext().i18n;
  const { createUrl } = useAlternatePageUtils();
  const missing = Object.entries(localeConfigs).filter(
    ([, config]) => !published.includes(config.htmlLang),
  );
  return (
    <Head>
      {missing.map(([locale]) => (
        <link key={locale} rel="alternate" href={createUrl({ locale, fullyQualified: true })} />
      ))}
    </Head>
  );
}

export default function ContentWithNotices(props) {
  const { notice, review, alternates } = useDoc().frontMatter.translation ?? {};
  return (
    <>
      {alternates && <UntranslatedAlternates published={alternates} />}
      {notice && (
        <p className="translation-notice" data-notice={notice} lang="en">
          {NOTICES[notice]}
        </p>
      )}
      {review && (
        <p className="review-notice" data-review={review} lang="en">
          {REVIEWS[review]}
        </p>
      )}
      <Content {...props} />
    </>
  );
}
