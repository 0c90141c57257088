// Jest runs CommonJS; the feed page's modules (assets/feed/*.js) are ES modules, which the
// build bundles for the browser. For the tests of their pure parts, esbuild rewrites them
// into CommonJS, as it does every other module of the build.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, path) {
    const { code, map } = transformSync(source, { loader: 'js', format: 'cjs', target: 'node20', sourcemap: true, sourcefile: path });
    return { code, map };
  },
};
