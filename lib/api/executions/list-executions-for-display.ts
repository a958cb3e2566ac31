// GET /api/executions and the pages' execution lists, redacted (README "Redaction"): each item's
// cause, and the text search rechecked against what may be shown. The store's search (and its
// index) sees the payloads as stored — in mode "display" with the secrets in them — so a `text`
// that only matched inside redacted values would otherwise list the execution, and a search
// could be used to guess a secret one character at a time. Each page's matches are rechecked
// against the redacted input and output; pages that lose items are refilled from the following
// ones (at most REFILL_PAGES store pages per call, then the cursor says where to go on).
import type { RedactionRules } from '../../history/index.ts';
import { DEFAULT_EXECUTIONS_LIMIT, MAX_EXECUTIONS_LIMIT, getExecutionPayloads, listExecutions, type ExecutionListItem, type ExecutionPage, type ListExecutionsQuery, type Store } from '../../store/index.ts';
import { displayRedaction, redactExecution, redactStoredText } from '../display-redaction.ts';

/** Store pages read per call while refilling a page the recheck thinned out. */
export const REFILL_PAGES = 5;

export async function listExecutionsForDisplay(store: Store, filters: ListExecutionsQuery = {}, rules: RedactionRules | null = displayRedaction()): Promise<ExecutionPage> {
  if (rules === null) return listExecutions(store, filters);
  const text = filters.text?.trim() ? filters.text.trim() : null;
  if (text === null) {
    const page = await listExecutions(store, filters);
    return { ...page, items: page.items.map((item) => redactExecution(item, rules)) };
  }
  // The store's own clamping, so each round asks for what is still missing of the page.
  const limit = Math.min(MAX_EXECUTIONS_LIMIT, Math.max(1, Math.floor(filters.limit ?? DEFAULT_EXECUTIONS_LIMIT)));
  const items: ExecutionListItem[] = [];
  let cursor = filters.cursor;
  let last: ExecutionPage | null = null;
  for (let round = 0; round < REFILL_PAGES; round++) {
    last = await listExecutions(store, { ...filters, cursor, limit: limit - items.length });
    items.push(...(await stillMatching(store, last.items, text, rules)));
    if (last.nextCursor === null || items.length >= limit) break;
    cursor = last.nextCursor;
  }
  const page = last as ExecutionPage;
  return { ...page, items: items.map((item) => redactExecution(item, rules)) };
}

/** The items whose redacted input or output still contains `text` (case-insensitive, as the store matches). */
async function stillMatching(store: Store, items: readonly ExecutionListItem[], text: string, rules: RedactionRules): Promise<ExecutionListItem[]> {
  if (items.length === 0) return [];
  const payloads = await getExecutionPayloads(
    store,
    items.map((item) => item.executionArn),
  );
  const needle = text.toLowerCase();
  const shows = (value: string | null) => value !== null && (redactStoredText(value, rules) as string).toLowerCase().includes(needle);
  return items.filter((item) => {
    const stored = payloads.get(item.executionArn);
    return stored !== undefined && (shows(stored.input) || shows(stored.output));
  });
}
