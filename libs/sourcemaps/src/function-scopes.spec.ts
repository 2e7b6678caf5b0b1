import { enclosingFunctionName, functionScopes } from './function-scopes.js';

/** The enclosing function's name at the first `HERE` in `source` (the marker is an ordinary identifier). */
function nameAt(source: string): string | undefined {
  const at = source.indexOf('HERE');
  if (at < 0) throw new Error('no HERE in the source');
  const before = source.slice(0, at).split(/\r\n|\r|\n/);
  return enclosingFunctionName(functionScopes(source), before.length, before.at(-1)!.length);
}

describe('enclosingFunctionName', () => {
  it.each([
    ['a function declaration', 'function onSearch() {\n  return HERE(1);\n}'],
    ['a generator', 'function* onSearch() { yield HERE; }'],
    ['an async function', 'async function onSearch() { await HERE(); }'],
    ['a function expression assigned', 'const onSearch = function () { HERE(); };'],
    ['a named function expression', 'const x = function onSearch() { HERE(); };'],
    ['an arrow with a block body', 'const onSearch = (a, b) => {\n  HERE(a);\n};'],
    ['an async arrow', 'export const onSearch = async (a) => { await HERE(a); };'],
    ['an arrow with one bare parameter', 'let onSearch = a => { HERE(a); };'],
    ['an arrow with an expression body', 'const onSearch = (a) => HERE(a), other = () => 1;'],
    ['an object method', 'const handlers = {\n  onSearch(q) {\n    return HERE(q);\n  },\n};'],
    ['an object property arrow', 'const handlers = { onSearch: (q) => { HERE(q); } };'],
    ['an object property function', "const handlers = { 'x': 1, onSearch: function (q) { HERE(q); } };"],
    ['TypeScript types and generics', 'export function onSearch<T extends { id: string }>(items: T[], page: number): Promise<Array<T | null>> {\n  return HERE(items);\n}'],
    ['a TypeScript arrow with a return type', 'const onSearch = async (q: string): Promise<void> => {\n  HERE(q);\n};'],
    ['a typed variable', 'const onSearch: Handler = (q) => { HERE(q); };'],
    ['an array return type', 'export function onSearch(): string[] {\n  return HERE;\n}'],
    ['literal types in the return type', 'export function onSearch(a: string): -1 | 0 | 1 | undefined {\n  return HERE(a);\n}'],
    ['a function-typed parameter', 'function onSearch(cb: (e: Error) => void, [a, b]: number[]): Map<string, (x: number) => void> {\n  return HERE;\n}'],
  ])('names %s', (_, source) => {
    expect(nameAt(source)).toBe('onSearch');
  });

  it('names a function assigned to a property by its whole path, as V8 does', () => {
    expect(nameAt('window.runCheckout = () => {\n  HERE();\n};')).toBe('window.runCheckout');
    expect(nameAt('app.handlers.search = function () { HERE(); };')).toBe('app.handlers.search');
  });

  it('qualifies class methods with their class', () => {
    const source = [
      'export class Cart extends Base<Item> {',
      '  private items: Item[] = [];',
      "  static readonly KEY = '{';",
      '  constructor() { super(); }',
      '  get total(): number {',
      '    return this.items.reduce((a, b) => a + b.cents, 0);',
      '  }',
      '  async checkout(card: Card): Promise<void> {',
      '    if (this.total < 0) {',
      '      throw HERE;',
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(nameAt(source)).toBe('Cart.checkout');
    expect(nameAt(source.replace('HERE', 'x').replace('super()', 'HERE()'))).toBe('Cart.constructor');
  });

  it('gives the innermost function, and nothing for an anonymous one (the frame keeps its own name)', () => {
    const source = 'function checkout(lines) {\n  return lines.map((line) => HERE(line));\n}';
    expect(nameAt(source)).toBeUndefined();
    expect(nameAt('function checkout(lines) {\n  lines.forEach(function (l) { HERE(l); });\n}')).toBeUndefined();
    // After the callback, the position is in checkout again.
    expect(nameAt('function checkout(lines) {\n  lines.forEach((l) => l.x);\n  HERE();\n}')).toBe('checkout');
    expect(nameAt('function outer() {\n  function inner() { return 1; }\n  return HERE;\n}')).toBe('outer');
  });

  it('is not misled by braces in strings, templates, comments and regular expressions', () => {
    const source = [
      'function render(user) {',
      "  const a = '}}}'; const b = \"{\\\"}\";",
      '  // } a comment with a brace',
      '  /* and { another',
      '     } here */',
      '  const re = /[}{]+\\//g;',
      '  const t = `${user.name} }} ${`nested ${ {a: 1}.a }`} {`;',
      '  const ratio = total / count / 2;',
      '  return HERE(t);',
      '}',
    ].join('\n');
    expect(nameAt(source)).toBe('render');
  });

  it('reads methods named like keywords, object return types and annotated class fields (cases the TypeScript parser found)', () => {
    expect(nameAt('const schema = {\n  with(...checks) {\n    return HERE(checks);\n  },\n};')).toBe('with');
    expect(nameAt('const p = {\n  catch(params) {\n    return HERE(params);\n  },\n};')).toBe('catch');
    expect(nameAt('function load() {\n  try { a(); } catch (err) {\n    HERE(err);\n  }\n}')).toBe('load');
    expect(nameAt('export function args<T>(a: T[]): { args: T[]; keys: string[] | null } {\n  return HERE(a);\n}')).toBe('args');
    expect(nameAt('class Observable<T> {\n  static create: (...args: any[]) => any = (subscribe?: any) => {\n    return HERE(subscribe);\n  };\n}')).toBe('create');
    // After a function with a return type, a generic class is still a class, not that function.
    expect(nameAt('function bind<F extends (...a: any[]) => any>(fn: F): F {\n  return fn;\n}\nclass Consumer<T> implements Observer<T> {\n  next(value: T): void {\n    HERE(value);\n  }\n}')).toBe('Consumer.next');
    expect(nameAt('class SyncPromise {\n  then(a) {\n    return a;\n  }\n  catch(onrejected) {\n    return HERE(onrejected);\n  }\n}')).toBe('SyncPromise.catch');
    expect(nameAt('resolve({\n  onRouteResolved: route => HERE(route),\n});')).toBe('onRouteResolved');
    expect(nameAt('const processChunk = async function * (bytes) {\n  yield HERE(bytes);\n};')).toBe('processChunk');
    expect(nameAt("const loaders = {\n  'node:crypto': () => HERE('node:crypto'),\n};")).toBe('node:crypto');
    expect(nameAt('class WsError extends inheritable(DOMException) {\n  constructor(message) {\n    super(HERE(message));\n  }\n}')).toBe('WsError.constructor');
    expect(nameAt('function parse(q) {\n  const first = (name: string): string | undefined => {\n    return HERE(q[name]);\n  };\n}')).toBe('first');
    expect(nameAt('export const inject = (): A & B => HERE(TOKEN);')).toBe('inject');
    expect(nameAt('class Indexes {\n  for(project: string): Index {\n    return HERE(project);\n  }\n}')).toBe('Indexes.for');
    // The `:` of a conditional expression names nothing.
    expect(nameAt('const get = typeof v !== "object" ? (x) => x : (x) => {\n  return HERE(x);\n};')).toBeUndefined();
  });

  it('counts lines after a division taken for an unterminated regular expression', () => {
    // `a++ / 2`: after `+` a slash may start a regular expression, so this one is read as an unterminated one.
    expect(nameAt('function a(n) {\n  n = n++ / 2;\n}\nfunction b() {\n  HERE();\n}')).toBe('b');
  });

  it('does not take blocks, calls or object arguments for functions', () => {
    expect(nameAt('function main() {\n  if (ok) {\n    HERE();\n  }\n}')).toBe('main');
    expect(nameAt('function main() {\n  for (const x of xs) { while (x) { switch (x) { case 1: { HERE(); } } } }\n}')).toBe('main');
    expect(nameAt('function main() {\n  try { a(); } catch (err) { HERE(err); }\n}')).toBe('main');
    expect(nameAt('function main() {\n  call(a, { b: 1, c: HERE });\n}')).toBe('main');
    expect(nameAt('function main() {\n  const v = ok ? f(x) : g(y, { z: HERE });\n}')).toBe('main');
    expect(nameAt('HERE();\nfunction later() {}')).toBeUndefined();
  });

  it('ends an expression-bodied arrow at the end of its expression', () => {
    expect(nameAt('function main() {\n  const f = (x) => x * 2;\n  return HERE(f);\n}')).toBe('main');
    expect(nameAt('function main() {\n  const f = (x) => x * 2\n  return HERE(f);\n}')).toBe('main');
    expect(nameAt('function main() {\n  run((x) => x, HERE);\n}')).toBe('main');
  });

  it('reads JSX: quotes in text and closing tags do not hide braces', () => {
    const source = [
      'export function Cart({ items }) {',
      '  return (',
      '    <section className="cart">',
      "      <p>Don't {items.length > 0 ? 'pay' : 'shop'} {",
      '        items.length',
      '      }</p>',
      '      <ul>{items.map((item) => <li key={item.id}>{item.name}</li>)}</ul>',
      '    </section>',
      '  );',
      '}',
      'export function Checkout() {',
      '  return HERE(<Cart items={[]} />);',
      '}',
    ].join('\n');
    expect(nameAt(source)).toBe('Checkout');
    expect(nameAt(source.replace('HERE', 'x').replace('items.length\n', 'HERE.length\n'))).toBe('Cart');
  });

  it('reads the script of Svelte and Vue single-file components as code', () => {
    const svelte = '<script>\n  let count = 0;\n  function increment() {\n    count += HERE;\n  }\n</script>\n\n<button on:click={increment}>\n  Clicked {count} {count === 1 ? \'time\' : \'times\'}\n</button>\n<script>\n  const later = () => { run(); };\n</script>';
    expect(nameAt(svelte)).toBe('increment');
    expect(nameAt(svelte.replace('HERE', 'x').replace('run()', 'HERE()'))).toBe('later');
    const vue = [
      '<template>',
      '  <div class="cart">',
      "    <p>Don't pay {{ total }} / now</p>",
      '    <button @click="onSearch">Search</button>',
      '  </div>',
      '</template>',
      '<script setup>',
      "import { ref } from 'vue';",
      'const total = ref(0);',
      'function onSearch() {',
      '  return HERE(total.value);',
      '}',
      '</script>',
      '<style scoped>',
      ".cart { color: red; } p::after { content: '}'; }",
      '</style>',
    ].join('\n');
    expect(nameAt(vue)).toBe('onSearch');
  });

  it('counts lines the way the context lines do (\\r\\n, \\r and \\n)', () => {
    expect(nameAt('// header\r\nfunction a() {\r\n  x();\r\n}\r\nfunction b() {\r  HERE();\r}\n')).toBe('b');
  });

  it('keeps working past its window of recent tokens (it keeps the last 4,096, so its memory does not grow with the source)', () => {
    const functions = Array.from({ length: 3_000 }, (_, i) => `function f${i}(a, b) {\n  const x = [a, b, ${i}];\n  return x.map((y) => y + 1);\n}`);
    functions[2_500] = 'function target(a, b) {\n  if (a) {\n    return HERE(a, b);\n  }\n}';
    expect(nameAt(functions.join('\n'))).toBe('target');
    // A head further back than the window: no name rather than a wrong one.
    expect(nameAt(`function far(a = [${'1, '.repeat(5_000)}]) {\n  HERE();\n}`)).toBeUndefined();
  });

  it('survives unbalanced or truncated input', () => {
    expect(nameAt('function broken() {\n  HERE(\n')).toBe('broken');
    expect(nameAt('}}}) function ok() { HERE(); }')).toBe('ok');
    expect(() => functionScopes('`unterminated ${ a {')).not.toThrow();
    // Unbalanced brackets by the hundred thousand stay linear: a closer looks at most 256 deep.
    // A complexity guard, not a speed target: linear takes about 0.2 s here, the quadratic scan
    // without the limit 16 s (a synchronous call cannot be stopped by the test timeout).
    const t0 = performance.now();
    expect(nameAt(`function f() { ${'['.repeat(100_000)}${')'.repeat(100_000)} HERE }`)).toBe('f');
    expect(performance.now() - t0).toBeLessThan(4_000);
  });
});
