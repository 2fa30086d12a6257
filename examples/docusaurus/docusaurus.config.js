// The smallest Docusaurus site over `pipeline build`'s output: the pipeline writes docs/,
// i18n/ and i18n.json (the `i18n` object); this file is all the site adds.
const i18n = require('./i18n.json');

module.exports = {
  title: 'Translations',
  url: 'http://localhost',
  baseUrl: '/',
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  i18n,
  presets: [
    [
      'classic',
      {
        docs: { routeBasePath: '/' },
        blog: false,
        pages: false,
        theme: {},
      },
    ],
  ],
  themeConfig: {
    navbar: { title: 'Translations', items: [{ type: 'localeDropdown', position: 'right' }] },
  },
};
