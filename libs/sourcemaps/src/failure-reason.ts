// Why a frame was not (fully) symbolicated. The reasons are finer than the contract's
// `SymbolicationStatus`, so a metric can count them (`faultline_sourcemap_frames_total{result}`)
// while the stored event carries the status and a sentence.
import { SymbolicationStatus } from '@faultline/contracts';

/** Result of one frame: `applied`, or the reason it could not be resolved. */
export type FrameResult =
  | 'applied'
  | 'not_applicable'
  | 'invalid_location'
  | 'no_debug_id_match'
  | 'no_release_artifact'
  | 'missing_sourcemap'
  | 'map_parse_error'
  | 'sourcemap_too_large'
  | 'position_out_of_range';

/** Every `FrameResult`, for metric label pre-registration. */
export const FRAME_RESULTS: readonly FrameResult[] = [
  'applied',
  'not_applicable',
  'invalid_location',
  'no_debug_id_match',
  'no_release_artifact',
  'missing_sourcemap',
  'map_parse_error',
  'sourcemap_too_large',
  'position_out_of_range',
];

/** The contract status a result is stored as (the contract folds some reasons together). */
export function statusOf(result: FrameResult): SymbolicationStatus {
  switch (result) {
    case 'applied':
      return SymbolicationStatus.APPLIED;
    case 'not_applicable':
      return SymbolicationStatus.NOT_APPLICABLE;
    case 'invalid_location':
    case 'position_out_of_range':
      return SymbolicationStatus.INVALID_LOCATION;
    case 'no_debug_id_match':
      return SymbolicationStatus.NO_DEBUG_ID_MATCH;
    case 'no_release_artifact':
    case 'missing_sourcemap':
      return SymbolicationStatus.MISSING_SOURCEMAP;
    case 'map_parse_error':
      return SymbolicationStatus.MALFORMED_SOURCEMAP;
    case 'sourcemap_too_large':
      return SymbolicationStatus.SOURCEMAP_TOO_LARGE;
  }
}
