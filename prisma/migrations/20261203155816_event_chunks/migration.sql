-- History events in chunks (prisma/schema.prisma HistoryEventChunk, lib/store/events): each
-- execution's HistoryEvent rows, in (position, eventKey) order, become chunks of 100 consecutive
-- events whose "events" is the JSON array of their "raw" texts, byte for byte, joined with
-- commas. "extra" keeps, per event, every stored value this SQL cannot prove equal to what
-- lib/history eventFieldsOfRaw / detailsOfRaw derive from raw on read (so nothing stored is lost,
-- a row it cannot prove is only kept apart):
--   id: raw's integer id > 0 equal to the column, or a null column with no raw id, 0 or [0];
--   type: raw's string type equal to the column;
--   previousEventId: raw's integer previousEventId ≥ 0 equal to the column, or both absent;
--   timestamp (epoch ms): an API-form raw (no log-record keys) whose timestamp is the column's
--     instant in UTC as ISO-8601 'YYYY-MM-DDTHH:MM:SS[.sss[000]]' + 'Z' or '+00:00' (the SDK's and
--     CLI v2's forms; day ≤ 28 and hour < 24: SQLite and lib/history disagree only on impossible
--     ones), or epoch seconds within 0.0004 ms of it; a null column with no raw timestamp or one
--     without a digit (the corpus's "timestamp" placeholder);
--   details: a non-null column (the details are not raw's own) is kept as its text;
--   position: the previous event's + 1 (the chunk's first is firstPosition);
--   eventKey: the id, else -(position + 1).
CREATE TABLE "HistoryEventChunk" (
    "executionArn" TEXT NOT NULL,
    "chunkIndex" INTEGER NOT NULL,
    "firstPosition" INTEGER NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "minKey" INTEGER NOT NULL,
    "maxKey" INTEGER NOT NULL,
    "extra" TEXT,
    "events" TEXT NOT NULL,

    PRIMARY KEY ("executionArn", "chunkIndex"),
    CONSTRAINT "HistoryEventChunk_executionArn_fkey" FOREIGN KEY ("executionArn") REFERENCES "Execution" ("executionArn") ON DELETE CASCADE ON UPDATE CASCADE
);

INSERT INTO "HistoryEventChunk" ("executionArn", "chunkIndex", "firstPosition", "eventCount", "minKey", "maxKey", "extra", "events")
SELECT e."executionArn", e."chunk", MIN(e."position"), COUNT(*), MIN(e."eventKey"), MAX(e."eventKey"),
    '{' || group_concat(CASE WHEN e."fields" = '' THEN NULL ELSE '"' || e."idx" || '":{' || substr(e."fields", 2) || '}' END, ',') || '}',
    '[' || group_concat(e."raw", ',' ORDER BY e."position", e."eventKey") || ']'
FROM (
    SELECT n."executionArn", n."eventKey", n."position", n."raw", n."rn" / 100 AS "chunk", n."rn" % 100 AS "idx",
        -- CASE keeps the guard ("ok": raw is a JSON object SQLite can read) ahead of the JSON functions.
        CASE WHEN NOT n."ok" THEN ',"id":' || COALESCE(n."id", 'null')
            WHEN n."id" IS NOT NULL AND json_type(n."raw", '$.id') = 'integer' AND json_extract(n."raw", '$.id') = n."id" AND n."id" > 0 THEN ''
            WHEN n."id" IS NULL AND (json_type(n."raw", '$.id') IS NULL OR (json_type(n."raw", '$.id') = 'integer' AND json_extract(n."raw", '$.id') = 0)
                OR (json_type(n."raw", '$.id') = 'array' AND json_extract(n."raw", '$.id') = '[0]')) THEN ''
            ELSE ',"id":' || COALESCE(n."id", 'null') END
        || CASE WHEN NOT n."ok" THEN ',"type":' || json_quote(n."type")
            WHEN json_type(n."raw", '$.type') = 'text' AND json_extract(n."raw", '$.type') = n."type" THEN ''
            ELSE ',"type":' || json_quote(n."type") END
        || CASE WHEN NOT n."ok" THEN ',"previousEventId":' || COALESCE(n."previousEventId", 'null')
            WHEN n."previousEventId" IS NOT NULL AND json_type(n."raw", '$.previousEventId') = 'integer'
                AND json_extract(n."raw", '$.previousEventId') = n."previousEventId" AND n."previousEventId" >= 0 THEN ''
            WHEN n."previousEventId" IS NULL AND json_type(n."raw", '$.previousEventId') IS NULL AND json_type(n."raw", '$.previous_event_id') IS NULL THEN ''
            ELSE ',"previousEventId":' || COALESCE(n."previousEventId", 'null') END
        || CASE WHEN NOT n."ok" THEN ',"timestamp":' || COALESCE(n."ms", 'null')
            WHEN n."ms" IS NULL AND json_type(n."raw", '$.event_timestamp') IS NULL AND (json_type(n."raw", '$.timestamp') IS NULL OR json_type(n."raw", '$.timestamp') = 'null'
                OR (json_type(n."raw", '$.timestamp') = 'text' AND json_extract(n."raw", '$.timestamp') NOT GLOB '*[0-9]*')) THEN ''
            WHEN n."ms" IS NULL OR NOT n."apiForm" THEN ',"timestamp":' || COALESCE(n."ms", 'null')
            WHEN json_type(n."raw", '$.timestamp') = 'text'
                AND substr(json_extract(n."raw", '$.timestamp'), 1, 19) GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'
                AND (substr(json_extract(n."raw", '$.timestamp'), 20) IN ('Z', '+00:00')
                    OR substr(json_extract(n."raw", '$.timestamp'), 20) GLOB '.[0-9][0-9][0-9]Z' OR substr(json_extract(n."raw", '$.timestamp'), 20) GLOB '.[0-9][0-9][0-9]+00:00'
                    OR substr(json_extract(n."raw", '$.timestamp'), 20) GLOB '.[0-9][0-9][0-9]000Z' OR substr(json_extract(n."raw", '$.timestamp'), 20) GLOB '.[0-9][0-9][0-9]000+00:00')
                AND substr(json_extract(n."raw", '$.timestamp'), 9, 2) <= '28' AND substr(json_extract(n."raw", '$.timestamp'), 12, 2) < '24'
                AND CAST(round((julianday(substr(json_extract(n."raw", '$.timestamp'), 1, 19)
                    || CASE WHEN substr(json_extract(n."raw", '$.timestamp'), 20, 1) = '.' THEN substr(json_extract(n."raw", '$.timestamp'), 20, 4) ELSE '' END)
                    - 2440587.5) * 86400000.0) AS INTEGER) = n."ms" THEN ''
            WHEN json_type(n."raw", '$.timestamp') IN ('integer', 'real') AND json_extract(n."raw", '$.timestamp') > 0 AND json_extract(n."raw", '$.timestamp') < 1e11
                AND abs(json_extract(n."raw", '$.timestamp') * 1000.0 - n."ms") < 0.0004 THEN ''
            ELSE ',"timestamp":' || COALESCE(n."ms", 'null') END
        || CASE WHEN n."details" IS NULL THEN '' ELSE ',"details":' || json_quote(n."details") END
        || CASE WHEN n."rn" % 100 = 0 OR n."position" = n."prev" + 1 THEN '' ELSE ',"position":' || n."position" END
        || CASE WHEN n."eventKey" = COALESCE(n."id", -(n."position" + 1)) THEN '' ELSE ',"eventKey":' || n."eventKey" END
        AS "fields"
    FROM (
        SELECT h.*,
            ROW_NUMBER() OVER w - 1 AS "rn",
            LAG(h."position") OVER w AS "prev",
            -- The column as epoch ms: ISO-8601 text (the driver adapters' form) or integer ms.
            CASE WHEN h."timestamp" IS NULL THEN NULL
                 WHEN typeof(h."timestamp") IN ('integer', 'real') THEN CAST(h."timestamp" AS INTEGER)
                 ELSE CAST(round((julianday(h."timestamp") - 2440587.5) * 86400000.0) AS INTEGER) END AS "ms",
            CASE WHEN json_valid(h."raw") THEN json_type(h."raw") = 'object' ELSE 0 END AS "ok",
            CASE WHEN NOT json_valid(h."raw") OR json_type(h."raw") <> 'object' THEN 0
                ELSE json_type(h."raw", '$.previous_event_id') IS NULL AND json_type(h."raw", '$.event_timestamp') IS NULL
                    AND json_type(h."raw", '$.execution_arn') IS NULL AND json_type(h."raw", '$.details') IS NULL END AS "apiForm"
        FROM "HistoryEvent" AS h
        WINDOW w AS (PARTITION BY h."executionArn" ORDER BY h."position", h."eventKey")
    ) AS n
) AS e
GROUP BY e."executionArn", e."chunk";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "HistoryEvent";
PRAGMA foreign_keys=on;
