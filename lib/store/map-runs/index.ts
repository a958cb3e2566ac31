export { listExecutionLinks, saveExecutionLinks, type ExecutionLinkInput, type StoredExecutionLink, type StoredLinkKind } from './execution-links.ts';
export {
  countMapRunChildren,
  getExecutionBriefs,
  getMapRun,
  listIncompleteMapRunChildren,
  listMapRunChildMachines,
  listMapRunsOf,
  listOpenMapRuns,
  saveMapRun,
  setMapRunChildren,
  updateMapRunProgress,
  type ExecutionBrief,
  type MapRunCounts,
  type MapRunInput,
  type OpenMapRun,
  type StoredMapRun,
} from './map-runs.ts';
