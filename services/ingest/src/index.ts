// Public surface of @faultline/ingest.
export {};
