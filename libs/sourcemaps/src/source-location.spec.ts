import { fixupWebpackFilename, generateModule, sourceLocation } from './source-location.js';

describe('source locations', () => {
  it('handles webpack:// paths like symbolicator', () => {
    expect(fixupWebpackFilename('webpack://ns/./src/x.ts')).toBe('./src/x.ts');
    expect(fixupWebpackFilename('webpack:///src/x.ts')).toBe('src/x.ts');
    expect(fixupWebpackFilename('webpack:///~/lodash/index.js')).toBe('~/lodash/index.js');
    expect(sourceLocation('webpack://ns/./src/x.ts', 'https://h/a.js.map')).toEqual({ absPath: 'webpack://ns/./src/x.ts', filename: './src/x.ts', module: 'src/x' });
  });

  it('joins relative sources to the map URL and uses the path as filename', () => {
    expect(sourceLocation('../src/app.ts', 'https://h/static/app.js.map')).toEqual({ absPath: 'https://h/src/app.ts', filename: '/src/app.ts', module: 'src/app' });
    expect(sourceLocation('src/app.ts', 'app:///bundle.js')).toMatchObject({ absPath: 'app:///src/app.ts', filename: '/src/app.ts' });
  });

  it('generates module names without extension or .min', () => {
    expect(generateModule('/static/app.min.js')).toBe('static/app');
  });
});
