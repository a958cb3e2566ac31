-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "transitions" INTEGER;

-- Backfill: the state transitions of every derived history (lib/metrics stateTransitions: one per
-- StateRun row plus its attempts beyond the first); null stays for executions without derived rows.
UPDATE "Execution" SET "transitions" = (
  SELECT COUNT(*) + COALESCE(SUM(CASE WHEN r."attempts" > 1 THEN r."attempts" - 1 ELSE 0 END), 0)
  FROM "StateRun" r WHERE r."executionArn" = "Execution"."executionArn"
) WHERE "analyzerVersion" IS NOT NULL;
