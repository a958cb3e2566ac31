-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "eventsPrunedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_HistoryEvent" (
    "executionArn" TEXT NOT NULL,
    "eventKey" INTEGER NOT NULL,
    "id" INTEGER,
    "type" TEXT NOT NULL,
    "previousEventId" INTEGER,
    "timestamp" DATETIME,
    "details" TEXT,
    "raw" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("executionArn", "eventKey"),
    CONSTRAINT "HistoryEvent_executionArn_fkey" FOREIGN KEY ("executionArn") REFERENCES "Execution" ("executionArn") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Each event is kept once: "details" becomes NULL wherever it is exactly the details object that
-- "raw" holds, chosen as lib/history detailsOfRaw (parseHistory) chooses it: CloudWatch Logs form
-- (a previous_event_id, event_timestamp, execution_arn or details key): raw.details; API form:
-- raw["<lowerCamelType>EventDetails"], else the first "…EventDetails" object (all *StateEntered
-- share stateEnteredEventDetails); none of them: {}. Compared as JSON text: both columns were
-- written by the same serialiser, so the same value is the same text. A row this cannot prove
-- (raw SQLite cannot parse or nesting deeper than its 1,000 levels, a type name starting with a
-- non-ASCII character) keeps its text: nothing is lost, it is only not compacted. CASE keeps the
-- guards ahead of the JSON functions, which would fail on such rows.
INSERT INTO "new_HistoryEvent" ("details", "eventKey", "executionArn", "id", "position", "previousEventId", "raw", "timestamp", "type") SELECT
    CASE
        WHEN json_valid(h."raw") = 0 OR json_type(h."raw") <> 'object' THEN h."details"
        WHEN json_type(h."raw", '$.previous_event_id') IS NOT NULL OR json_type(h."raw", '$.event_timestamp') IS NOT NULL
            OR json_type(h."raw", '$.execution_arn') IS NOT NULL OR json_type(h."raw", '$.details') IS NOT NULL THEN
            CASE WHEN (CASE WHEN json_type(h."raw", '$.details') = 'object' THEN json_extract(h."raw", '$.details') ELSE '{}' END) = h."details" THEN NULL ELSE h."details" END
        WHEN unicode(h."type") >= 128 THEN h."details"
        WHEN COALESCE(
            (SELECT j."value" FROM json_each(h."raw") AS j
                WHERE j."key" = lower(substr(h."type", 1, 1)) || substr(h."type", 2) || 'EventDetails' AND j."type" = 'object' LIMIT 1),
            (SELECT j."value" FROM json_each(h."raw") AS j
                WHERE substr(j."key", -12) = 'EventDetails' AND j."type" = 'object' ORDER BY j."id" LIMIT 1),
            '{}') = h."details" THEN NULL
        ELSE h."details"
    END,
    h."eventKey", h."executionArn", h."id", h."position", h."previousEventId", h."raw", h."timestamp", h."type" FROM "HistoryEvent" AS h;
DROP TABLE "HistoryEvent";
ALTER TABLE "new_HistoryEvent" RENAME TO "HistoryEvent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Execution_stateMachineArn_eventsPrunedAt_startDate_idx" ON "Execution"("stateMachineArn", "eventsPrunedAt", "startDate");

