// @ts-check
// The data files of the built-in tables read from files (the core's `Builtin::file`
// names them; tableFile() says which one a configuration needs). Written out as
// `new URL(…, import.meta.url)` so the service worker (sw.js) finds them and keeps them
// with the page's build: a table works offline as the plane does. The end-to-end
// test that picks every built-in table fails if one is missing here.

/** File name -> its address beside the page. */
export const TABLE_FILES = Object.freeze({
  'iris.csv': new URL('../data/tables/iris.csv', import.meta.url),
  'wine.csv': new URL('../data/tables/wine.csv', import.meta.url),
  'breast_cancer.csv': new URL('../data/tables/breast_cancer.csv', import.meta.url),
  'digits.csv': new URL('../data/tables/digits.csv', import.meta.url),
});
