// Server-rendered pages: plain functions from a page context to HTML.
export * from './account-pages';
export * from './activation-pages';
export * from './layout';
export * from './security-pages';
