// The static pages: small, self-contained (no CDN, works offline), and under a strict
// Content-Security-Policy that inline script could not slip past.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const ASSETS = join(__dirname, '..', '..', 'assets');
// What the owner's browser downloads: the built assets (npm test builds first), where the
// scripts and styles are minified and the feed page's modules are one script; the sources
// keep their JSDoc types and comments.
const SERVED = join(__dirname, '..', '..', 'dist', 'assets');
const pages = readdirSync(ASSETS).filter((file) => file.endsWith('.html'));
const read = (file: string) => readFileSync(join(ASSETS, file), 'utf8');
const references = (html: string) => [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);

describe.each(pages)('%s', (page) => {
  const html = read(page);

  it('declares a strict Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-|\*/);
  });

  it('has no inline script or style, and loads nothing from another site', () => {
    for (const tag of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      expect(tag[0]).toMatch(/\ssrc="/);
      expect(tag[1].trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    for (const url of references(html)) {
      expect(url).not.toMatch(/^(https?:)?\/\//);
      if (!url.startsWith('#') && !url.startsWith('data:')) expect([url, existsSync(join(SERVED, url))]).toEqual([url, true]);
    }
  });
});

// The page with the inbox, the month, CSV, caller threads, history and search came to 56.4 KB.
it('serves the feed page, with its scripts and styles, in under 60 KB', () => {
  const html = read('index.html');
  const files = ['index.html', ...references(html).filter((url) => !url.startsWith('#') && !url.startsWith('data:') && url !== 'api.html')];
  expect(files).toEqual(expect.arrayContaining(['feed.js', 'feed.css']));
  const bytes = files.reduce((sum, file) => sum + statSync(join(SERVED, file)).size, 0);
  expect(bytes).toBeLessThan(60 * 1024);
  // Minified, not merely bundled: the served script is under half the size of its modules (bundled
  // unminified it is about two thirds of it).
  const modules = readdirSync(join(ASSETS, 'feed')).reduce((sum, file) => sum + statSync(join(ASSETS, 'feed', file)).size, 0);
  expect(statSync(join(SERVED, 'feed.js')).size).toBeLessThan(modules / 2);
});
