-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "eventsPrunedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "HistoryEvent" ALTER COLUMN "details" DROP NOT NULL;

-- Each event is kept once: "details" becomes NULL wherever it is exactly the details object that
-- "raw" holds, chosen as lib/history detailsOfRaw (parseHistory) chooses it: CloudWatch Logs form
-- (a previous_event_id, event_timestamp, execution_arn or details key): raw.details; API form:
-- raw["<lowerCamelType>EventDetails"], else the first "…EventDetails" object (all *StateEntered
-- share stateEnteredEventDetails); none of them: {}. Compared as JSON text (json, not jsonb: it
-- hands back each value's text as written, in document order), and both columns were written by
-- the same serialiser. A row this cannot prove keeps its text (nothing is lost, it is only not
-- compacted): raw with 10,000 or more brackets (the json parser's stack gives out near 25,000
-- levels, and nesting is at most the bracket count), a type name starting with a non-ASCII
-- character. CASE keeps the guard ahead of the cast.
UPDATE "HistoryEvent" AS h SET "details" = NULL
WHERE h."details" IS NOT NULL AND CASE
    WHEN length(h."raw") - length(translate(h."raw", '{[', '')) >= 10000 THEN false
    WHEN json_typeof(h."raw"::json) <> 'object' THEN false
    WHEN (h."raw"::json -> 'previous_event_id') IS NOT NULL OR (h."raw"::json -> 'event_timestamp') IS NOT NULL
        OR (h."raw"::json -> 'execution_arn') IS NOT NULL OR (h."raw"::json -> 'details') IS NOT NULL THEN
        (CASE WHEN json_typeof(h."raw"::json -> 'details') = 'object' THEN (h."raw"::json -> 'details')::text ELSE '{}' END) = h."details"
    WHEN ascii(h."type") >= 128 THEN false
    ELSE COALESCE(
        (SELECT j.value::text FROM json_each(h."raw"::json) AS j
            WHERE j.key = lower(substr(h."type", 1, 1)) || substr(h."type", 2) || 'EventDetails' AND json_typeof(j.value) = 'object' LIMIT 1),
        (SELECT j.value::text FROM json_each(h."raw"::json) WITH ORDINALITY AS j(key, value, ord)
            WHERE right(j.key, 12) = 'EventDetails' AND json_typeof(j.value) = 'object' ORDER BY j.ord LIMIT 1),
        '{}') = h."details"
END;

-- CreateIndex
CREATE INDEX "Execution_stateMachineArn_eventsPrunedAt_startDate_idx" ON "Execution"("stateMachineArn", "eventsPrunedAt", "startDate");

