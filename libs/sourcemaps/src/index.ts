// Public surface of @faultline/sourcemaps.
export {};
