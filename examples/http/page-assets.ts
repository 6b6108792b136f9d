/**
 * The buyer's page: four files from `page/`, read once, served by both example
 * apps. No build step and nothing from a CDN: the page is plain HTML, CSS, one
 * script and an icon, allowed to load nothing but itself (Content-Security-Policy).
 */
import { readFileSync } from 'node:fs';

/** One file of the page, ready to send. */
export interface PageAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

const FILES: Readonly<Record<string, { file: string; contentType: string }>> = {
  '/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/page/app.js': { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  '/page/style.css': { file: 'style.css', contentType: 'text/css; charset=utf-8' },
  '/page/icon.svg': { file: 'icon.svg', contentType: 'image/svg+xml' },
};

/** Headers every page file is sent with. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

const cache = new Map<string, PageAsset>();

/** The page file served at `path`, or undefined for any other path. */
export function pageAsset(path: string): PageAsset | undefined {
  const entry = FILES[path];
  if (entry === undefined) return undefined;
  let asset = cache.get(path);
  if (asset === undefined) {
    const body = readFileSync(new URL(`page/${entry.file}`, import.meta.url));
    asset = { contentType: entry.contentType, body };
    cache.set(path, asset);
  }
  return asset;
}

/** The paths the page is served at, for the apps to route. */
export const PAGE_PATHS: readonly string[] = Object.keys(FILES);
