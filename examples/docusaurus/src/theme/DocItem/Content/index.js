// The notices of the page's front matter (`translation.notice`, `translation.review`, written by
// `pipeline build`) above the page's content: the one layout partial this site adds.
import React from 'react';
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

export default function ContentWithNotices(props) {
  const { notice, review } = useDoc().frontMatter.translation ?? {};
  return (
    <>
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
