-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "analyzerVersion" INTEGER;

-- AlterTable
ALTER TABLE "StateRun" ADD COLUMN     "analyzerVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Execution_analyzerVersion_executionArn_idx" ON "Execution"("analyzerVersion", "executionArn");

-- Executions with stored events were derived by the analyzer before versioning: version 0, stale,
-- rebuilt by `steplens reanalyze` or in the background by `steplens start`.
UPDATE "Execution" SET "analyzerVersion" = 0 WHERE "eventCount" > 0;
