/**
 * azure-devops-extension-api loads the whatwg-fetch polyfill, which reads the browser's `self`. In Node the global
 * object plays that part, and Node 20's own fetch is used (the polyfill only fills a missing fetch).
 */
(globalThis as { self?: typeof globalThis }).self ??= globalThis;
export {};
