// @ts-check
// Jest's CommonJS loader cannot require ES modules (Node can, Jest before Node 24.9 cannot),
// and Nest 12 ships only ES modules. This transformer compiles them with ts-jest like our own
// code, after a few rewrites: an ES module's own `require` (CommonJS already has one) is
// dropped, and `import.meta`, which has no CommonJS form, gets its CommonJS equivalents: the
// file's URL, its folder, and `resolve` (which @nestjs/terminus uses to look for its peers).
const { TsJestTransformer } = require('ts-jest');

const tsJest = new TsJestTransformer({ tsconfig: 'tsconfig.jest.json' });

/** @param {string} source */
const toCommonJs = (source) =>
  source
    .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
    .replace(/\bimport\.meta\.url\b/g, "require('node:url').pathToFileURL(__filename).href")
    .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
    .replace(/\bimport\.meta\.resolve\(/g, 'require.resolve(');

/** @type {import('@jest/transform').SyncTransformer} */
module.exports = {
  process(source, path, options) {
    return tsJest.process(toCommonJs(source), path, options);
  },
  getCacheKey(source, path, options) {
    return tsJest.getCacheKey(toCommonJs(source), path, options);
  },
};
