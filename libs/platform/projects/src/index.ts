// Public surface of @faultline/platform-projects.
export {};
