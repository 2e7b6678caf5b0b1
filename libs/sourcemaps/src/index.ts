// Public surface of @faultline/sourcemaps: pure source-map resolution for issue 4 (matching a frame
// to its map, mapping positions, naming functions, context lines, the decoded-map cache, and
// upload validation). Artifacts come through the injected `ArtifactSource`.
export { MemoryArtifactSource, type Artifact, type ArtifactSource, type DebugIdArtifactKind, type MemoryArtifactInput } from './artifact-source.js';
export { candidateUrls } from './candidate-urls.js';
export { debugIdOf, decodeDataUrl, normalizeDebugId, resolveReference, sourceMappingUrl } from './source-comments.js';
export { DEFAULT_MAP_CACHE_BYTES, MapCache, type MapCacheOptions, type MapCacheStats, type Sized } from './map-cache.js';
export { DECODED_BYTES_PER_BYTE, parseMap, type LoadedMap, type MapLoad } from './loaded-map.js';
export { FRAME_RESULTS, statusOf, type FrameResult } from './failure-reason.js';
export { contextLines, trimLine, CONTEXT_LINES, type ContextLines } from './context-lines.js';
export { foldFunctionName, frameFunctionName, frameFunctionNaming, type FrameNaming } from './function-name.js';
export { fixupWebpackFilename, generateModule, sourceLocation, type SourceLocation } from './source-location.js';
export { DEFAULT_NOT_IN_APP, isInApp } from './in-app.js';
export {
  frameSymbolicationJsonText,
  sharedStackFrameJsonBytes,
  stackFrameJsonText,
  symbolicateEventJson,
  type FrameRecordTail,
  type FrameSymbolicationJson,
  type SentryEventJson,
  type StackFrameJson,
  type SymbolicateJsonOutput,
} from './symbolicate-event-json.js';
export { symbolicateEvent, type SymbolicateContext, type SymbolicateOutput } from './symbolicate-event.js';
export { validateUpload, type UploadFile, type UploadProblem, type UploadProblemKind } from './validate-upload.js';
