-- AlterTable (SQLite adds NOT NULL columns with a constant default in place: no table rebuild,
-- so upgrading a store of millions of runs is instant; every existing row reads as stale: 0)
ALTER TABLE "Execution" ADD COLUMN "analyzerVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "StateRun" ADD COLUMN "analyzerVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Execution_analyzerVersion_executionArn_idx" ON "Execution"("analyzerVersion", "executionArn");
