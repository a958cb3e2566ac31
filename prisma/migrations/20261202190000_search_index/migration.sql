-- Search index of the executions list (lib/store/executions/search-index.ts), hand-written:
-- Prisma's schema cannot describe FTS5 tables or triggers. Two FTS5 tables with the trigram
-- tokenizer, one for the name filter `q` (name, error) and one for the content filter `text`
-- (input, output). contentless (content=''): they hold no copy of the text, only trigram
-- postings keyed by the Execution rowid; contentless_delete=1 lets a row be dropped or replaced
-- by rowid alone; detail=none keeps rowids only (the search ANDs trigrams, never phrases, and
-- rechecks every candidate with the exact LIKE, so the index only ever narrows the rows).
-- Derived data: rebuildSearchIndex() repopulates both from "Execution" ('delete-all' + INSERT …
-- SELECT), and the triggers keep them current on every write path (ingest, listings, reanalyze).
-- A later migration that redefines "Execution" (Prisma's RedefineTables: new table, copy, drop,
-- rename) drops these triggers and renumbers rowids: it must re-run this file's trigger and
-- rebuild statements (tests/integration/store/search.test.ts fails until it does).
CREATE VIRTUAL TABLE "ExecutionNameSearch" USING fts5("name", "error", content='', contentless_delete=1, detail=none, tokenize='trigram');
CREATE VIRTUAL TABLE "ExecutionTextSearch" USING fts5("input", "output", content='', contentless_delete=1, detail=none, tokenize='trigram');

-- OR REPLACE everywhere: a stale posting under a reused rowid is overwritten rather than an error.
CREATE TRIGGER "Execution_search_insert" AFTER INSERT ON "Execution" BEGIN
  INSERT OR REPLACE INTO "ExecutionNameSearch" (rowid, "name", "error") VALUES (new.rowid, new."name", new."error");
  INSERT OR REPLACE INTO "ExecutionTextSearch" (rowid, "input", "output") VALUES (new.rowid, new."input", new."output");
END;

CREATE TRIGGER "Execution_search_delete" AFTER DELETE ON "Execution" BEGIN
  DELETE FROM "ExecutionNameSearch" WHERE rowid = old.rowid;
  DELETE FROM "ExecutionTextSearch" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "Execution_name_search_update" AFTER UPDATE OF "name", "error" ON "Execution"
WHEN old."name" IS NOT new."name" OR old."error" IS NOT new."error" BEGIN
  INSERT OR REPLACE INTO "ExecutionNameSearch" (rowid, "name", "error") VALUES (new.rowid, new."name", new."error");
END;

CREATE TRIGGER "Execution_text_search_update" AFTER UPDATE OF "input", "output" ON "Execution"
WHEN old."input" IS NOT new."input" OR old."output" IS NOT new."output" BEGIN
  INSERT OR REPLACE INTO "ExecutionTextSearch" (rowid, "input", "output") VALUES (new.rowid, new."input", new."output");
END;

-- Executions stored before this migration.
INSERT INTO "ExecutionNameSearch" (rowid, "name", "error") SELECT rowid, "name", "error" FROM "Execution";
INSERT INTO "ExecutionTextSearch" (rowid, "input", "output") SELECT rowid, "input", "output" FROM "Execution";
