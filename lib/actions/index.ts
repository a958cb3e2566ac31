// lib/actions: Stop, Redrive and Start again (DESIGN.md §2.7): authorise → lib/aws → audit row,
// then the target ingested again through lib/ingest.
export { actionsEnabled } from './actions-enabled.ts';
export { actionAvailability, type ActionAvailability } from './action-availability.ts';
export { ACTIONS_OFF, runAction, startAgainName, type ActionAnswer, type ActionDeps, type ActionRequest, type ActionResult, type Actor } from './run-action.ts';
