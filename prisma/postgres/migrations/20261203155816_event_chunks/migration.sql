-- History events in chunks (prisma/schema.prisma HistoryEventChunk, lib/store/events): each
-- execution's HistoryEvent rows, in (position, eventKey) order, become chunks of 100 consecutive
-- events whose "events" is the JSON array of their "raw" texts, byte for byte, joined with
-- commas. "extra" keeps, per event, every stored value this SQL cannot prove equal to what
-- lib/history eventFieldsOfRaw / detailsOfRaw derive from raw on read (so nothing stored is lost,
-- a row it cannot prove is only kept apart); the rules are the SQLite migration's:
--   id: raw's integer id > 0 equal to the column, or a null column with no raw id, 0 or [0];
--   type: raw's string type equal to the column;
--   previousEventId: raw's integer previousEventId ≥ 0 equal to the column, or both absent;
--   timestamp (epoch ms): an API-form raw (no log-record keys) whose timestamp is the column's
--     instant in UTC as ISO-8601 'YYYY-MM-DDTHH:MM:SS[.sss[000]]' + 'Z' or '+00:00' (day ≤ 28,
--     hour < 24), or epoch seconds within
--     0.0004 ms of it; a null column with no raw timestamp or one without a digit (the corpus's
--     "timestamp" placeholder);
--   details: a non-null column (the details are not raw's own) is kept as its text;
--   position: the previous event's + 1 (the chunk's first is firstPosition);
--   eventKey: the id, else -(position + 1).
-- A proof is false unless it holds (COALESCE: a missing key makes json_typeof NULL). The proofs run in a function that answers "keep every field" for a row whose raw the json
-- parser refuses (not JSON, nesting past its stack, a \u0000 it cannot return as text).
CREATE FUNCTION pg_temp.steplens_event_extra(e_raw text, e_id integer, e_type text, e_prev integer, e_ms bigint, e_details text, e_first boolean, e_position integer, e_prev_position integer, e_key integer)
RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
    j json;
    out text := '';
    api boolean;
    ts text;
BEGIN
    BEGIN
        j := e_raw::json;
        IF json_typeof(j) <> 'object' THEN j := NULL; END IF;
        IF j IS NOT NULL THEN
            api := (j -> 'previous_event_id') IS NULL AND (j -> 'event_timestamp') IS NULL AND (j -> 'execution_arn') IS NULL AND (j -> 'details') IS NULL;
            IF NOT COALESCE(((e_id IS NOT NULL AND json_typeof(j -> 'id') = 'number' AND (j ->> 'id') ~ '^[0-9]+$' AND (j ->> 'id')::numeric = e_id AND e_id > 0)
                OR (e_id IS NULL AND ((j -> 'id') IS NULL OR (json_typeof(j -> 'id') = 'number' AND (j ->> 'id') = '0')
                    OR (json_typeof(j -> 'id') = 'array' AND (j -> 'id')::text = '[0]')))), false) THEN
                out := out || ',"id":' || COALESCE(e_id::text, 'null');
            END IF;
            IF NOT COALESCE((json_typeof(j -> 'type') = 'string' AND (j ->> 'type') = e_type), false) THEN
                out := out || ',"type":' || to_json(e_type)::text;
            END IF;
            IF NOT COALESCE(((e_prev IS NOT NULL AND json_typeof(j -> 'previousEventId') = 'number' AND (j ->> 'previousEventId') ~ '^[0-9]+$'
                    AND (j ->> 'previousEventId')::numeric = e_prev)
                OR (e_prev IS NULL AND (j -> 'previousEventId') IS NULL AND (j -> 'previous_event_id') IS NULL)), false) THEN
                out := out || ',"previousEventId":' || COALESCE(e_prev::text, 'null');
            END IF;
            ts := CASE WHEN json_typeof(j -> 'timestamp') IN ('string', 'number') THEN j ->> 'timestamp' END;
            IF NOT COALESCE(((e_ms IS NULL AND (j -> 'event_timestamp') IS NULL AND ((j -> 'timestamp') IS NULL OR json_typeof(j -> 'timestamp') = 'null'
                    OR (json_typeof(j -> 'timestamp') = 'string' AND (j ->> 'timestamp') !~ '[0-9]')))
                OR (e_ms IS NOT NULL AND api AND json_typeof(j -> 'timestamp') = 'string'
                    AND ts ~ '^\d{4}-[01]\d-[0-3]\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3}(000)?)?(Z|\+00:00)$' AND substr(ts, 9, 2) <= '28'
                    AND round(extract(epoch FROM ((left(ts, 19) || CASE WHEN substr(ts, 20, 1) = '.' THEN substr(ts, 20, 4) ELSE '' END)::timestamp)) * 1000) = e_ms)
                OR (e_ms IS NOT NULL AND api AND json_typeof(j -> 'timestamp') = 'number' AND ts::numeric > 0 AND ts::numeric < 1e11
                    AND abs(ts::float8 * 1000.0 - e_ms) < 0.0004)), false) THEN
                out := out || ',"timestamp":' || COALESCE(e_ms::text, 'null');
            END IF;
        END IF;
    EXCEPTION WHEN others THEN
        j := NULL;
        out := '';
    END;
    IF j IS NULL THEN
        out := ',"id":' || COALESCE(e_id::text, 'null') || ',"type":' || to_json(e_type)::text || ',"previousEventId":' || COALESCE(e_prev::text, 'null')
            || ',"timestamp":' || COALESCE(e_ms::text, 'null');
    END IF;
    IF e_details IS NOT NULL THEN out := out || ',"details":' || to_json(e_details)::text; END IF;
    IF NOT e_first AND e_position <> e_prev_position + 1 THEN out := out || ',"position":' || e_position::text; END IF;
    IF e_key <> COALESCE(e_id, -(e_position + 1)) THEN out := out || ',"eventKey":' || e_key::text; END IF;
    RETURN out;
END
$fn$;

-- CreateTable
CREATE TABLE "HistoryEventChunk" (
    "executionArn" TEXT NOT NULL,
    "chunkIndex" INTEGER NOT NULL,
    "firstPosition" INTEGER NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "minKey" INTEGER NOT NULL,
    "maxKey" INTEGER NOT NULL,
    "extra" TEXT,
    "events" TEXT NOT NULL,

    CONSTRAINT "HistoryEventChunk_pkey" PRIMARY KEY ("executionArn","chunkIndex")
);

INSERT INTO "HistoryEventChunk" ("executionArn", "chunkIndex", "firstPosition", "eventCount", "minKey", "maxKey", "extra", "events")
SELECT e."executionArn", e."chunk", MIN(e."position"), COUNT(*), MIN(e."eventKey"), MAX(e."eventKey"),
    '{' || string_agg(CASE WHEN e."fields" = '' THEN NULL ELSE '"' || e."idx" || '":{' || substr(e."fields", 2) || '}' END, ',' ORDER BY e."idx") || '}',
    '[' || string_agg(e."raw", ',' ORDER BY e."position", e."eventKey") || ']'
FROM (
    SELECT n."executionArn", n."eventKey", n."position", n."raw", n."rn" / 100 AS "chunk", n."rn" % 100 AS "idx",
        pg_temp.steplens_event_extra(n."raw", n."id", n."type", n."previousEventId",
            CASE WHEN n."timestamp" IS NULL THEN NULL ELSE round(extract(epoch FROM n."timestamp") * 1000)::bigint END,
            n."details", n."rn" % 100 = 0, n."position", n."prev", n."eventKey") AS "fields"
    FROM (
        SELECT h.*, ROW_NUMBER() OVER w - 1 AS "rn", LAG(h."position") OVER w AS "prev"
        FROM "HistoryEvent" AS h
        WINDOW w AS (PARTITION BY h."executionArn" ORDER BY h."position", h."eventKey")
    ) AS n
) AS e
GROUP BY e."executionArn", e."chunk";

DROP FUNCTION pg_temp.steplens_event_extra;

-- DropForeignKey
ALTER TABLE "HistoryEvent" DROP CONSTRAINT "HistoryEvent_executionArn_fkey";

-- DropTable
DROP TABLE "HistoryEvent";

-- AddForeignKey
ALTER TABLE "HistoryEventChunk" ADD CONSTRAINT "HistoryEventChunk_executionArn_fkey" FOREIGN KEY ("executionArn") REFERENCES "Execution"("executionArn") ON DELETE CASCADE ON UPDATE CASCADE;
