// @ts-check
// The page's entry: starts the app (app/app.js). `app` is what tests and the console
// may look at (the test hooks in testing/hooks.js read it; the page itself does not).
import { startApp } from './app/app.js';

export const app = startApp();
