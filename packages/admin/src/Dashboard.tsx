// The home page lives in src/dashboard/ with its charts; App.tsx loads this module lazily, so they stay out of the
// first screen's bundle.
export { default } from './dashboard/Dashboard';
