-- Search index of the executions list (lib/store/executions/search-index.ts), hand-written:
-- Prisma's schema cannot describe operator-class GIN indexes. pg_trgm (PostgreSQL contrib, a
-- trusted extension) indexes every trigram of a column, and the planner serves
-- `col ILIKE '%…%'` from it (rechecking each row, so results are exactly ILIKE's). Name filter
-- `q`: name and error; content filter `text`: input and output. PostgreSQL keeps GIN indexes
-- current itself; `REINDEX` rebuilds them (rebuildSearchIndex()).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Execution_name_trgm_idx" ON "Execution" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "Execution_error_trgm_idx" ON "Execution" USING GIN ("error" gin_trgm_ops);
CREATE INDEX "Execution_input_trgm_idx" ON "Execution" USING GIN ("input" gin_trgm_ops);
CREATE INDEX "Execution_output_trgm_idx" ON "Execution" USING GIN ("output" gin_trgm_ops);
