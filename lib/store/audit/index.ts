// The audit log of actions (lib/actions). Imported as lib/store/audit (lib/store/index.ts is left
// as it is: the folder is the module).
export {
  appendAuditEntry,
  listAuditEntries,
  type AuditEntryDraft,
  type AuditEntryRow,
  type AuditQuery,
} from './audit-log.ts';
export { getActionTarget, type ActionTarget } from './action-target.ts';
